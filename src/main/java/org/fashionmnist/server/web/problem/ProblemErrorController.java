package org.fashionmnist.server.web.problem;

import java.util.Optional;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;


/**
 * Errors raised outside Spring MVC (by the servlet container, or by filters) are forwarded to
 * {@code /error}; this turns them into problems too, so no client ever sees an HTML error page.
 * Under {@code /v2} they take the Open Inference Protocol's shape ({@link ErrorDialect}).
 */
@RestController
@Hidden
public class ProblemErrorController implements ErrorController {

	private final ErrorDialects dialects;

	ProblemErrorController(ErrorDialects dialects) {
		this.dialects = dialects;
	}

	@RequestMapping("/error")
	public ResponseEntity<?> error(HttpServletRequest request) {
		Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		if (code == null) {
			// Asked for itself, not forwarded an error: like any other path nothing is served at.
			throw Problems.notFound("Nothing is served at " + request.getRequestURI() + ". The API is described at /v3/api-docs and "
					+ "/swagger-ui.html.");
		}
		HttpStatus status = (code instanceof Integer value) ? HttpStatus.resolve(value) : null;
		if (status == null) {
			status = HttpStatus.INTERNAL_SERVER_ERROR;
		}
		ProblemDetail problem = Problems.withType(ProblemDetail.forStatusAndDetail(status, detail(status)));
		Object path = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
		Optional<ErrorDialect> dialect = this.dialects.of(withinApplication(request, path));
		if (dialect.isPresent()) {
			return ErrorDialects.response(dialect.get(), status, HttpHeaders.EMPTY, problem);
		}
		if (path instanceof String uri) {
			problem.setInstance(UriComponentsBuilder.fromPath(uri).build().encode().toUri());
		}
		return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

	private static @Nullable String withinApplication(HttpServletRequest request, @Nullable Object uri) {
		String contextPath = request.getContextPath();
		return (uri instanceof String path && path.startsWith(contextPath)) ? path.substring(contextPath.length()) : null;
	}

	/** A detail for an error that came without one of its own. */
	public static String detail(HttpStatus status) {
		return switch (status) {
			case NOT_FOUND -> "There is nothing at this path. The API is described at /v3/api-docs and /swagger-ui.html.";
			case PAYLOAD_TOO_LARGE -> "The request body is larger than this server accepts.";
			case BAD_REQUEST -> "The request is malformed: its request line, a header or the body's framing is not valid HTTP/1.1 "
					+ "(for example a '%' not followed by two hexadecimal digits, an encoded NUL in the path, a character such as "
					+ "'[' or '|' that must be percent-encoded, a Content-Length that is not a number, or headers over 8 KB "
					+ "in all).";
			// Spring MVC answers its own 405s; one that comes here is Tomcat refusing TRACE, which would echo the request.
			case METHOD_NOT_ALLOWED -> "This server does not answer TRACE. A path's OPTIONS answer lists the methods it takes.";
			case PRECONDITION_FAILED -> "The file changed since the date in If-Unmodified-Since (its Last-Modified is that of "
					+ "the server's build): ask without the condition, or with If-Modified-Since to revalidate a copy.";
			case NOT_IMPLEMENTED -> "This server does not implement the request's method or transfer coding.";
			case HTTP_VERSION_NOT_SUPPORTED -> "This server speaks HTTP/1.1 (and HTTP/1.0).";
			case REQUEST_HEADER_FIELDS_TOO_LARGE -> "The request's headers are larger than this server accepts.";
			default -> status.is5xxServerError() ? "The server failed to answer this request; see its log."
					: status.getReasonPhrase() + ".";
		};
	}

}
