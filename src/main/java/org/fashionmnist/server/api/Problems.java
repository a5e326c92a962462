package org.fashionmnist.server.api;

import java.net.URI;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * The problems this API reports, as exceptions that {@link ProblemHandler} renders as RFC 9457
 * {@code application/problem+json}.
 */
final class Problems {

	static final URI INVALID_PARAMETER = URI.create("/problems/invalid-parameter");

	static final URI NOT_FOUND = URI.create("/problems/not-found");

	private Problems() {
	}

	/** A parameter error for the {@code errors} member of a problem. */
	record ParameterError(String parameter, String message) {
	}

	static ErrorResponseException notFound(String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, detail);
		problem.setType(NOT_FOUND);
		problem.setTitle("Not Found");
		return new ErrorResponseException(HttpStatus.NOT_FOUND, problem, null);
	}

	static ErrorResponseException invalidParameter(String parameter, String message) {
		return new ErrorResponseException(HttpStatus.BAD_REQUEST,
				invalidParameters(List.of(new ParameterError(parameter, message))), null);
	}

	static ProblemDetail invalidParameters(List<ParameterError> errors) {
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
