package org.fashionmnist.server.web.problem;

import java.util.List;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UrlPathHelper;

/** The {@link ErrorDialect}s the application has, and the response a problem becomes under one of them. */
@Component
class ErrorDialects {

	private final List<ErrorDialect> dialects;

	ErrorDialects(List<ErrorDialect> dialects) {
		this.dialects = List.copyOf(dialects);
	}

	/** The dialect of {@code path} (within the application), if it is in one's part of the API. */
	Optional<ErrorDialect> of(@Nullable String path) {
		return this.dialects.stream().filter((dialect) -> dialect.covers(path)).findFirst();
	}

	Optional<ErrorDialect> of(HttpServletRequest request) {
		return of(UrlPathHelper.defaultInstance.getPathWithinApplication(request));
	}

	/** The dialect's body for {@code problem}, with the problem's status and headers (such as {@code Retry-After}). */
	static ResponseEntity<Object> response(ErrorDialect dialect, HttpStatusCode status, HttpHeaders headers, ProblemDetail problem) {
		HttpHeaders copy = new HttpHeaders();
		copy.putAll(headers);
		copy.remove(HttpHeaders.CONTENT_TYPE);
		return ResponseEntity.status(status).headers(copy).contentType(MediaType.APPLICATION_JSON).body(dialect.body(problem));
	}

}
