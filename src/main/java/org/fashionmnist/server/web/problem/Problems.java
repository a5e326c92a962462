package org.fashionmnist.server.web.problem;

import java.net.URI;
import java.util.List;
import java.util.Locale;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * The problems this API reports, as exceptions that {@link ProblemHandler} renders as RFC 9457
 * {@code application/problem+json}.
 */
public final class Problems {

	public static final URI INVALID_PARAMETER = URI.create("/problems/invalid-parameter");

	public static final URI NOT_FOUND = URI.create("/problems/not-found");

	public static final URI INVALID_INPUT = URI.create("/problems/invalid-input");

	public static final URI CONTENT_TOO_LARGE = URI.create("/problems/content-too-large");

	public static final URI MODEL_OVERLOADED = URI.create("/problems/model-overloaded");

	public static final URI NOT_READY = URI.create("/problems/not-ready");

	public static final URI PREDICTIONS_PENDING = URI.create("/problems/predictions-pending");

	public static final URI RANGE_NOT_SATISFIABLE = URI.create("/problems/range-not-satisfiable");

	private static final URI ABOUT_BLANK = URI.create("about:blank");

	private Problems() {
	}

	/** A parameter error for the {@code errors} member of a problem. */
	public record ParameterError(String parameter, String message) {
	}

	/**
	 * Gives a problem that has only the default type {@code about:blank} a type named after its status,
	 * such as {@code /problems/method-not-allowed}, so that every problem has a type to dispatch on.
	 */
	public static ProblemDetail withType(ProblemDetail problem) {
		if (problem.getType() == null || ABOUT_BLANK.equals(problem.getType())) {
			HttpStatus status = HttpStatus.resolve(problem.getStatus());
			String slug = (status != null) ? status.getReasonPhrase().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-")
					: "error";
			problem.setType(URI.create("/problems/" + slug));
		}
		return problem;
	}

	public static ErrorResponseException notFound(String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, detail);
		problem.setType(NOT_FOUND);
		problem.setTitle("Not Found");
		return new ErrorResponseException(HttpStatus.NOT_FOUND, problem, null);
	}

	/** Input that cannot be used as it is; the detail says why. */
	public static ProblemDetail invalidInput(String detail) {
		return problem(HttpStatus.BAD_REQUEST, INVALID_INPUT, "Invalid Input", detail);
	}

	/** Input over a size limit; the detail names the limit. */
	public static ProblemDetail contentTooLarge(String detail) {
		return problem(HttpStatus.CONTENT_TOO_LARGE, CONTENT_TOO_LARGE, "Content Too Large", detail);
	}

	/** The server or a model cannot serve yet, or no more. */
	public static ErrorResponseException notReady(String detail) {
		ProblemDetail problem = problem(HttpStatus.SERVICE_UNAVAILABLE, NOT_READY, "Not Ready", detail);
		return new ErrorResponseException(HttpStatus.SERVICE_UNAVAILABLE, problem, null);
	}

	/**
	 * A {@code Range} that selects none of a download's bytes, or that is not a valid byte range: 416,
	 * with the length in {@code Content-Range} as RFC 9110 asks.
	 */
	public static ErrorResponseException rangeNotSatisfiable(String range, long length) {
		ProblemDetail problem = problem(HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE, RANGE_NOT_SATISFIABLE, "Range Not Satisfiable",
				"Range '" + range + "' is not a satisfiable byte range of this file of " + length + " bytes: ask for bytes within 0-"
						+ (length - 1) + ", for example 'bytes=0-1023' or 'bytes=1024-'.");
		ErrorResponseException exception = new ErrorResponseException(HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE, problem, null);
		exception.getHeaders().set(HttpHeaders.CONTENT_RANGE, "bytes */" + length);
		return exception;
	}

	/** The model cannot take the request in time. */
	public static ProblemDetail overloaded(String detail) {
		return problem(HttpStatus.SERVICE_UNAVAILABLE, MODEL_OVERLOADED, "Model Overloaded", detail);
	}

	/** A model's predictions for a whole split, which the request filters by, are still being computed. */
	public static ProblemDetail predictionsPending(String detail) {
		return problem(HttpStatus.SERVICE_UNAVAILABLE, PREDICTIONS_PENDING, "Predictions Pending", detail);
	}

	private static ProblemDetail problem(HttpStatus status, URI type, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(type);
		problem.setTitle(title);
		return problem;
	}

	public static ErrorResponseException invalidParameter(String parameter, String message) {
		return new ErrorResponseException(HttpStatus.BAD_REQUEST,
				invalidParameters(List.of(new ParameterError(parameter, message))), null);
	}

	public static ProblemDetail invalidParameters(List<ParameterError> errors) {
		StringBuilder detail = new StringBuilder(errors.size() == 1 ? "Invalid parameter: " : "Invalid parameters: ");
		for (int i = 0; i < errors.size(); i++) {
			detail.append(i == 0 ? "" : "; ").append(errors.get(i).parameter()).append(' ').append(errors.get(i).message());
		}
		detail.append('.');
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail.toString());
		problem.setType(INVALID_PARAMETER);
		problem.setTitle("Invalid Parameter");
		problem.setProperty("errors", errors);
		return problem;
	}

}
