package org.fashionmnist.server.web.problem;

import org.jspecify.annotations.Nullable;

import org.springframework.http.ProblemDetail;

/**
 * A part of the API whose protocol prescribes an error body of its own in place of an RFC 9457 problem,
 * as the Open Inference Protocol does under {@code /v2} with {@code {"error": "..."}}. Every error is still
 * decided as a problem, in one place ({@link ProblemHandler}, {@link ProblemErrorController},
 * {@link ProblemErrorReportValve}); a dialect only reshapes the body, which is sent as
 * {@code application/json} with the problem's status and headers.
 */
public interface ErrorDialect {

	/** Whether {@code path} (within the application; null when unknown) is in this dialect's part of the API. */
	boolean covers(@Nullable String path);

	/** The JSON body that stands for {@code problem}. */
	Object body(ProblemDetail problem);

}
