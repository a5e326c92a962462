package org.fashionmnist.server.web.problem;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Writes the errors Tomcat answers itself, before any servlet sees the request, as problems
 * (in the {@link ErrorDialect} of their path, if it has one) instead of its HTML error page: a path it will not
 * decode ({@code %zz}, {@code %00}), a malformed request line or header, an unsupported method or
 * protocol version. Errors of requests that reach the application are already problems
 * ({@link ProblemHandler}, {@link ProblemErrorController}), so this writes nothing for them.
 */
class ProblemErrorReportValve extends ErrorReportValve {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final ErrorDialects dialects;

	ProblemErrorReportValve(ErrorDialects dialects) {
		this.dialects = dialects;
	}

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		int code = response.getStatus();
		if (code < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
			return;
		}
		AtomicBoolean writable = new AtomicBoolean(false);
		response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, writable);
		if (!writable.get()) {
			return;
		}
		HttpStatus status = HttpStatus.resolve(code);
		String detail = (status != null) ? ProblemErrorController.detail(status) : "The request failed.";
		ProblemDetail problem = Problems.withType(ProblemDetail.forStatusAndDetail(HttpStatusCode.valueOf(code), detail));
		String path = request.getRequestURI();
		Optional<ErrorDialect> dialect = this.dialects.of(path);
		Map<String, Object> body = new LinkedHashMap<>();
		if (dialect.isEmpty()) {
			body.put("type", String.valueOf(problem.getType()));
			body.put("title", problem.getTitle());
			body.put("status", code);
			body.put("detail", detail);
			if (path != null) {
				// Encoded again, as the path may hold what Tomcat refused to decode.
				body.put("instance", UriComponentsBuilder.fromPath(path).encode().build().toUriString());
			}
		}
		try {
			byte[] json = JSON.writeValueAsBytes(dialect.isPresent() ? dialect.get().body(problem) : body);
			response.setContentType(dialect.isPresent() ? MediaType.APPLICATION_JSON_VALUE : MediaType.APPLICATION_PROBLEM_JSON_VALUE);
			response.setCharacterEncoding(StandardCharsets.UTF_8.name());
			response.setContentLength(json.length);
			OutputStream out = response.getOutputStream();
			out.write(json);
			response.finishResponse();
		}
		catch (IOException | IllegalStateException ex) {
			// The client is gone, or the response was committed meanwhile: nothing more can be said.
		}
	}

}
