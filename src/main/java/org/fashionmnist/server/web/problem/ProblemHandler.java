package org.fashionmnist.server.web.problem;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.apache.tomcat.util.http.InvalidParameterException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.fashionmnist.server.inference.InputTooLargeException;
import org.fashionmnist.server.inference.InvalidInputException;
import org.fashionmnist.server.inference.PredictionsPendingException;
import org.fashionmnist.server.inference.RetryLaterException;
import org.fashionmnist.server.web.problem.Problems.ParameterError;

import org.springframework.beans.TypeMismatchException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.util.unit.DataSize;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import org.springframework.web.util.DisconnectedClientHelper;

/**
 * The one place where errors become responses: every error is an RFC 9457 problem
 * ({@code application/problem+json}); parameter errors list each parameter and what is wrong with
 * it. Unexpected failures are logged with an id and reported without internals. Under {@code /v2},
 * the Open Inference Protocol, the problem's detail is sent as that protocol's {@code {"error": "..."}}.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

	private static final Logger logger = LoggerFactory.getLogger(ProblemHandler.class);

	private final ErrorDialects dialects;

	private final int maxParts;

	private final DataSize maxMultipartSize;

	/**
	 * @param maxParts the most parts the container reads from a multipart body (Tomcat's)
	 * @param maxMultipartSize the largest multipart body the container reads
	 */
	ProblemHandler(ErrorDialects dialects, @Value("${server.tomcat.max-part-count:1000}") int maxParts,
			@Value("${spring.servlet.multipart.max-request-size:10MB}") DataSize maxMultipartSize) {
		this.dialects = dialects;
		this.maxParts = maxParts;
		this.maxMultipartSize = maxMultipartSize;
	}

	@Override
	protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		return problem(ex, Problems.invalidParameters(InvalidParameters.of(ex)), request);
	}

	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		return problem(ex, Problems.invalidParameters(InvalidParameters.of(ex)), request);
	}

	@Override
	protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		return problem(ex, Problems.invalidParameters(List.of(InvalidParameters.of(ex))), request);
	}

	@Override
	protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		return problem(ex, Problems.invalidParameters(List.of(new ParameterError(ex.getParameterName(), "is required"))),
				request);
	}

	/**
	 * Tomcat could not read the query string (or a form body): a parameter without a name, or a
	 * percent-encoding that is not {@code %} and two hexadecimal digits, or too many parameters.
	 */
	@ExceptionHandler(InvalidParameterException.class)
	ResponseEntity<Object> handleUnreadableParameters(InvalidParameterException ex, WebRequest request) {
		if (ex.getErrorCode() == HttpStatus.CONTENT_TOO_LARGE.value()) {
			return problem(ex, Problems.contentTooLarge("The request has more parameters than this server reads."), request);
		}
		return problem(ex, Problems.invalidInput("The query string cannot be read: it must be name=value pairs separated by '&', "
				+ "each with a name, and '%' must be followed by two hexadecimal digits of UTF-8."), request);
	}

	@ExceptionHandler(InvalidInputException.class)
	ResponseEntity<Object> handleInvalidInput(InvalidInputException ex, WebRequest request) {
		boolean tooLarge = ex instanceof InputTooLargeException;
		return problem(ex, tooLarge ? Problems.contentTooLarge(ex.getMessage()) : Problems.invalidInput(ex.getMessage()),
				request);
	}

	@ExceptionHandler(MultipartException.class)
	ResponseEntity<Object> handleMultipart(MultipartException ex, WebRequest request) {
		return problem(ex, Problems.invalidInput("The multipart body is malformed or has too many parts; send a "
				+ "multipart/form-data body with one part named 'file' per image."), request);
	}

	@ExceptionHandler(RetryLaterException.class)
	ResponseEntity<Object> handleRetryLater(RetryLaterException ex, WebRequest request) {
		HttpHeaders headers = new HttpHeaders();
		long seconds = Math.max(1, (ex.retryAfter().toMillis() + 999) / 1000);
		headers.set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
		String detail = ex.getMessage() + " Retry after " + seconds + " s.";
		ProblemDetail problem = (ex instanceof PredictionsPendingException) ? Problems.predictionsPending(detail)
				: Problems.overloaded(detail);
		return handleExceptionInternal(ex, problem, headers, HttpStatus.SERVICE_UNAVAILABLE, request);
	}

	@Override
	protected ResponseEntity<Object> handleMaxUploadSizeExceededException(MaxUploadSizeExceededException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		if (tooManyParts(ex)) {
			return problem(ex, Problems.contentTooLarge("The multipart body has more parts than this server accepts; send at most "
					+ this.maxParts + " files per request."), request);
		}
		long limit = (ex.getMaxUploadSize() > 0) ? ex.getMaxUploadSize() : this.maxMultipartSize.toBytes();
		return problem(ex, Problems.contentTooLarge("The multipart body may be at most " + limit + " bytes."), request);
	}

	/** Tomcat reports too many parts (or parameters) as a "count" limit, which Spring calls a size limit. */
	private static boolean tooManyParts(Throwable ex) {
		for (Throwable cause = ex.getCause(); cause != null; cause = cause.getCause()) {
			if (String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT).contains("count")
					|| cause.getClass().getSimpleName().contains("Count")) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Spring lists the mapped methods in {@code Allow}, but it also answers {@code HEAD} for every
	 * {@code GET} and {@code OPTIONS} everywhere (as its OPTIONS answer says): RFC 9110 asks for all of them.
	 */
	@Override
	protected ResponseEntity<Object> handleHttpRequestMethodNotSupported(HttpRequestMethodNotSupportedException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		Set<HttpMethod> supported = ex.getSupportedHttpMethods();
		if (supported != null && !supported.isEmpty()) {
			Set<HttpMethod> allowed = new LinkedHashSet<>(supported);
			if (allowed.contains(HttpMethod.GET)) {
				allowed.add(HttpMethod.HEAD);
			}
			allowed.add(HttpMethod.OPTIONS);
			headers.setAllow(allowed);
			ex.getBody().setDetail(ex.getMethod() + " is not supported at " + path(request) + ". It answers "
					+ allowed.stream().map(HttpMethod::name).collect(Collectors.joining(", ")) + ".");
		}
		return handleExceptionInternal(ex, null, headers, status, request);
	}

	/** Spring's detail ("Acceptable representations: [image/png].") says neither what was asked nor what to do. */
	@Override
	protected ResponseEntity<Object> handleHttpMediaTypeNotAcceptable(HttpMediaTypeNotAcceptableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<MediaType> served = ex.getSupportedMediaTypes();
		if (!served.isEmpty()) {
			String path = path(request);
			String types = served.stream().map(MediaType::toString).collect(Collectors.joining(", "));
			ex.getBody().setDetail(path + " is served as " + types + ", which the request's Accept header does not allow: "
					+ "send one that does (*/* allows every type), or none."
					+ (path.equals("/") ? " The page at / is the gallery; the API starts at /api/v1/datasets and is described "
							+ "at /v3/api-docs." : ""));
		}
		return handleExceptionInternal(ex, null, headers, status, request);
	}

	private static String path(WebRequest request) {
		return (request instanceof ServletWebRequest servlet) ? servlet.getRequest().getRequestURI() : "this path";
	}

	/** Spring's detail ("No static resource ...") names its implementation, not what to ask for instead. */
	@Override
	protected ResponseEntity<Object> handleNoResourceFoundException(NoResourceFoundException ex, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		String path = (request instanceof ServletWebRequest servlet) ? servlet.getRequest().getRequestURI()
				: "/" + ex.getResourcePath();
		String trailingSlash = (path.length() > 1 && path.endsWith("/"))
				? " Paths end without '/': try " + path.substring(0, path.length() - 1) + "." : "";
		return problem(ex, Problems.notFound("Nothing is served at " + path + "." + trailingSlash
				+ " The API's paths are listed at /v3/api-docs and /swagger-ui.html.").getBody(), request);
	}

	@Override
	protected ResponseEntity<Object> handleHttpMediaTypeNotSupported(HttpMediaTypeNotSupportedException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		ResponseEntity<Object> response = super.handleHttpMediaTypeNotSupported(ex, headers, status, request);
		if (response != null && response.getBody() instanceof ProblemDetail problem && !ex.getSupportedMediaTypes().isEmpty()) {
			problem.setDetail(ex.getBody().getDetail() + " Supported: "
					+ ex.getSupportedMediaTypes().stream().map(Object::toString).collect(Collectors.joining(", "))
					+ ".");
		}
		return response;
	}

	@ExceptionHandler(Exception.class)
	@Nullable ResponseEntity<Object> handleUnexpected(Exception ex, WebRequest request) {
		if (DisconnectedClientHelper.isClientDisconnectedException(ex)) {
			// The client went away mid-request (an aborted upload or download): nobody is left to answer.
			logger.debug("Client went away during {}: {}", request.getDescription(false), ex.toString());
			return null;
		}
		String id = UUID.randomUUID().toString();
		logger.error("Unexpected error {} for {}", id, request.getDescription(false), ex);
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
				"The server failed to answer this request. Report error id " + id + " to its operator.");
		return problem(ex, problem, request);
	}

	@Override
	protected ResponseEntity<Object> handleExceptionInternal(Exception ex, @Nullable Object body, HttpHeaders headers,
			HttpStatusCode statusCode, WebRequest request) {
		ResponseEntity<Object> response = super.handleExceptionInternal(ex, body, headers, statusCode, request);
		if (response != null && response.getBody() instanceof ProblemDetail problem) {
			Problems.withType(problem);
			Optional<ErrorDialect> dialect = (request instanceof ServletWebRequest servlet) ? this.dialects.of(servlet.getRequest())
					: Optional.empty();
			if (dialect.isPresent()) {
				return ErrorDialects.response(dialect.get(), response.getStatusCode(), response.getHeaders(), problem);
			}
		}
		return response;
	}

	private ResponseEntity<Object> problem(Exception ex, ProblemDetail problem, WebRequest request) {
		return handleExceptionInternal(ex, problem, new HttpHeaders(), HttpStatusCode.valueOf(problem.getStatus()), request);
	}

}
