package org.fashionmnist.server.api;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.fashionmnist.server.api.InferenceBodies.InferenceError;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.util.UrlPathHelper;

/**
 * Errors under {@code /v2}, the Open Inference Protocol, which prescribes {@code {"error": "..."}}
 * instead of the RFC 9457 problems of the rest of the API. The error handlers build a problem as
 * everywhere and hand it here to be reshaped, so each error is still decided in one place.
 */
final class InferenceErrors {

	static final String PREFIX = "/v2";

	private InferenceErrors() {
	}

	/** Whether {@code path} (within the application) is under {@code /v2}. */
	static boolean isProtocolPath(@Nullable String path) {
		return path != null && (path.equals(PREFIX) || path.startsWith(PREFIX + "/"));
	}

	static boolean appliesTo(HttpServletRequest request) {
		return isProtocolPath(UrlPathHelper.defaultInstance.getPathWithinApplication(request));
	}

	/** {@code {"error": message}} with the status and headers (such as {@code Retry-After}) of the problem. */
	static ResponseEntity<Object> of(HttpStatusCode status, HttpHeaders headers, @Nullable String message) {
		HttpHeaders copy = new HttpHeaders();
		copy.putAll(headers);
		copy.remove(HttpHeaders.CONTENT_TYPE);
		return ResponseEntity.status(status)
			.headers(copy)
			.contentType(MediaType.APPLICATION_JSON)
			.body(new InferenceError((message != null) ? message : "The request failed."));
	}

}
