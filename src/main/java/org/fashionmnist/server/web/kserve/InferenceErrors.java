package org.fashionmnist.server.web.kserve;

import org.jspecify.annotations.Nullable;

import org.fashionmnist.server.web.kserve.InferenceBodies.InferenceError;
import org.fashionmnist.server.web.problem.ErrorDialect;

import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;

/**
 * Errors under {@code /v2}, the Open Inference Protocol, which prescribes {@code {"error": "..."}} instead
 * of the RFC 9457 problems of the rest of the API. The error handlers build a problem as everywhere and
 * this reshapes it, so each error is still decided in one place.
 */
@Component
class InferenceErrors implements ErrorDialect {

	static final String PREFIX = "/v2";

	/** Whether {@code path} (within the application) is under {@code /v2}. */
	static boolean isProtocolPath(@Nullable String path) {
		return path != null && (path.equals(PREFIX) || path.startsWith(PREFIX + "/"));
	}

	@Override
	public boolean covers(@Nullable String path) {
		return isProtocolPath(path);
	}

	@Override
	public Object body(ProblemDetail problem) {
		String message = problem.getDetail();
		return new InferenceError((message != null) ? message : "The request failed.");
	}

}
