package org.fashionmnist.server.web.http;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Collections;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.fashionmnist.server.dataset.Dataset;
import org.fashionmnist.server.dataset.DatasetCatalog;
import org.fashionmnist.server.dataset.Split;
import org.fashionmnist.server.dataset.SplitData;

import org.springframework.http.HttpHeaders;

/**
 * Base of the filters that answer one hot request without the per-request machinery of Spring MVC, which
 * costs as much as the work itself or several times it: {@code GET} or {@code HEAD} of
 * {@code /api/v1/datasets/{dataset}/splits/{split}/...} for a dataset and split that exist, in the plain
 * valid form a subclass recognises. Every other request, every error included, goes on to the controller,
 * which stays the one definition of the endpoint, its documentation and its problems. Subclasses answer
 * byte for byte and header for header as the controller does (tests hold the two side by side); the
 * conditional request, immutable caching and the {@code http.server.requests} timers are handled here, as
 * Spring's observation would have recorded them.
 */
public abstract class FastPath extends HttpFilter {

	private static final String CACHE_CONTROL = Responses.IMMUTABLE.getHeaderValue();

	private final Pattern path;

	private final DatasetCatalog catalog;

	private final Timers ok;

	private final Timers notModified;

	/**
	 * @param uriPattern the controller's path pattern: the {@code uri} tag of the requests counted
	 * @param path the paths answered: group 1 the dataset, group 2 the split, group 3 the item
	 */
	public FastPath(String uriPattern, Pattern path, DatasetCatalog catalog, MeterRegistry meters) {
		this.path = path;
		this.catalog = catalog;
		this.ok = new Timers(meters, uriPattern, 200);
		this.notModified = new Timers(meters, uriPattern, 304);
	}

	@Override
	protected final void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws IOException, ServletException {
		long start = System.nanoTime();
		String method = request.getMethod();
		boolean head = method.equals("HEAD");
		Matcher path = ((head || method.equals("GET")) && accepts(request.getHeader(HttpHeaders.ACCEPT)))
				? this.path.matcher(request.getRequestURI()) : null;
		Dataset dataset = (path != null && path.matches()) ? this.catalog.find(path.group(1)).orElse(null) : null;
		SplitData split = (dataset != null) ? Split.parse(path.group(2)).map(dataset::split).orElse(null) : null;
		Answer answer = (split != null) ? answer(dataset, split, path.group(3), request.getQueryString()) : null;
		if (answer == null) {
			chain.doFilter(request, response);
			return;
		}
		answer.headers().forEach((name, values) -> values.forEach((value) -> response.addHeader(name, value)));
		response.setHeader(HttpHeaders.ETAG, answer.etag());
		response.setHeader(HttpHeaders.CACHE_CONTROL, CACHE_CONTROL);
		if (Responses.matches(Collections.list(request.getHeaders(HttpHeaders.IF_NONE_MATCH)).toArray(String[]::new), answer.etag())) {
			response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
			this.notModified.record(head, start);
			return;
		}
		Body body = answer.body().get();
		response.setContentType(body.contentType());
		response.setContentLengthLong(body.contentLength());
		if (!head) {
			body.writeTo(response.getOutputStream());
		}
		this.ok.record(head, start);
	}

	/** Whether the request's {@code Accept} (null when absent) is one answered here. */
	protected abstract boolean accepts(String accept);

	/**
	 * The answer for the item (the path's third group, digits without a leading zero) of an existing split,
	 * or null to leave the request to the controller.
	 * @param query the raw query string, or null
	 */
	protected abstract Answer answer(Dataset dataset, SplitData split, String item, String query);

	/**
	 * What a fast path sends: the entity tag and headers known up front (they go on a 304 too), the body
	 * made only for a 200.
	 */
	public record Answer(String etag, HttpHeaders headers, Supplier<Body> body) {
	}

	/** A response body. */
	public interface Body {

		String contentType();

		/** The exact length, or -1 when only known once written (it is then sent chunked). */
		long contentLength();

		/** Writes the body; does not close {@code out}. */
		void writeTo(OutputStream out) throws IOException;

	}

	/** The {@code http.server.requests} timers of one status, as Spring's observation would have recorded them. */
	private static final class Timers {

		private final Timer get;

		private final Timer head;

		Timers(MeterRegistry meters, String uriPattern, int status) {
			this.get = timer(meters, uriPattern, "GET", status);
			this.head = timer(meters, uriPattern, "HEAD", status);
		}

		void record(boolean head, long start) {
			(head ? this.head : this.get).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
		}

		private static Timer timer(MeterRegistry meters, String uriPattern, String method, int status) {
			return Timer.builder("http.server.requests")
				.tag("error", "none")
				.tag("exception", "none")
				.tag("method", method)
				.tag("outcome", (status < 300) ? "SUCCESS" : "REDIRECTION")
				.tag("status", String.valueOf(status))
				.tag("uri", uriPattern)
				.register(meters);
		}

	}

}
