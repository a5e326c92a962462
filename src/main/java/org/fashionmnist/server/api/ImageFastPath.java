package org.fashionmnist.server.api;

import java.io.IOException;
import java.util.Collections;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.fashionmnist.server.dataset.Dataset;
import org.fashionmnist.server.dataset.DatasetCatalog;
import org.fashionmnist.server.dataset.Split;
import org.fashionmnist.server.dataset.SplitData;
import org.fashionmnist.server.image.GrayImages;
import org.fashionmnist.server.image.PngEncoder;

import org.springframework.http.HttpHeaders;

/**
 * Serves the hottest request, one stored image as PNG, without the per-request machinery of Spring MVC,
 * which costs several times the encoding itself (a 28x28 PNG takes about 5 µs).
 * <p>
 * It answers only the plain, valid form: {@code GET} or {@code HEAD} of
 * {@code /api/v1/datasets/{dataset}/splits/{split}/images/{index}.png} for a dataset, split and index that
 * exist, with at most {@code scale} (1..16) and {@code invert} ({@code true} or {@code false}), and an
 * {@code Accept} that takes PNG. Every other request, every error included, goes on to
 * {@link ImageController}, which stays the one definition of the endpoint, its documentation and its
 * problems. The responses are byte for byte and header for header those of the controller (a test holds
 * the two side by side), and they are counted in the same {@code http.server.requests} timer.
 */
class ImageFastPath extends HttpFilter {

	/** The controller's path pattern: the {@code uri} of the requests this filter counts. */
	static final String URI_PATTERN = "/api/v1/datasets/{dataset}/splits/{split}/images/{index}.png";

	private static final Pattern PATH = Pattern.compile("/api/v1/datasets/([^/]+)/splits/([^/]+)/images/(0|[1-9][0-9]{0,8})\\.png");

	private static final String CACHE_CONTROL = Responses.IMMUTABLE.getHeaderValue();

	private final DatasetCatalog catalog;

	private final FastPathTimers ok;

	private final FastPathTimers notModified;

	ImageFastPath(DatasetCatalog catalog, MeterRegistry meters) {
		this.catalog = catalog;
		this.ok = new FastPathTimers(meters, URI_PATTERN, 200);
		this.notModified = new FastPathTimers(meters, URI_PATTERN, 304);
	}

	@Override
	protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws IOException, ServletException {
		long start = System.nanoTime();
		String method = request.getMethod();
		boolean head = method.equals("HEAD");
		if (!(head || method.equals("GET")) || !acceptsPng(request.getHeader(HttpHeaders.ACCEPT))) {
			chain.doFilter(request, response);
			return;
		}
		Matcher path = PATH.matcher(request.getRequestURI());
		Query query = (path.matches()) ? Query.parse(request.getQueryString()) : null;
		Dataset dataset = (query != null) ? this.catalog.find(path.group(1)).orElse(null) : null;
		SplitData split = (dataset != null) ? Split.parse(path.group(2)).map(dataset::split).orElse(null) : null;
		int index = (split != null) ? Integer.parseInt(path.group(3)) : -1;
		if (split == null || index >= split.size()) {
			chain.doFilter(request, response);
			return;
		}
		String etag = Responses.etag(dataset, PngEncoder.VERSION, split.split().id(), index, query.scale(), query.invert() ? 1 : 0);
		response.setHeader(HttpHeaders.ETAG, etag);
		response.setHeader(HttpHeaders.CACHE_CONTROL, CACHE_CONTROL);
		if (Responses.matches(ifNoneMatch(request), etag)) {
			response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
			this.notModified.record(head, start);
			return;
		}
		byte[] png = GrayImages.png(split.imageBytes(), split.imageOffset(index), split.side(), query.scale(), query.invert());
		response.setContentType("image/png");
		response.setContentLength(png.length);
		if (!head) {
			response.getOutputStream().write(png);
		}
		this.ok.record(head, start);
	}

	/** No {@code Accept}, or one that names PNG, any image or anything, without weights to weigh. */
	private static boolean acceptsPng(String accept) {
		return accept == null || (!accept.contains("q=") && (accept.contains("image/png") || accept.contains("image/*") || accept.contains("*/*")));
	}

	private static String[] ifNoneMatch(HttpServletRequest request) {
		return Collections.list(request.getHeaders(HttpHeaders.IF_NONE_MATCH)).toArray(String[]::new);
	}

	/** The query string in the one shape served here: {@code scale} and {@code invert}, each at most once. */
	private record Query(int scale, boolean invert) {

		private static final Query NONE = new Query(1, false);

		/** The query, or null when it holds anything else (the controller decides about those). */
		static Query parse(String query) {
			if (query == null) {
				return NONE;
			}
			int scale = 0;
			Boolean invert = null;
			for (String pair : query.split("&", -1)) {
				if (scale == 0 && pair.startsWith("scale=")) {
					scale = scale(pair.substring(6));
					if (scale == 0) {
						return null;
					}
				}
				else if (invert == null && (pair.equals("invert=true") || pair.equals("invert=false"))) {
					invert = pair.equals("invert=true");
				}
				else {
					return null;
				}
			}
			return new Query((scale != 0) ? scale : 1, invert != null && invert);
		}

		/** 1..16 written plainly, or 0. */
		private static int scale(String value) {
			if (value.isEmpty() || value.length() > 2 || value.charAt(0) == '0') {
				return 0;
			}
			for (int i = 0; i < value.length(); i++) {
				if (!Character.isDigit(value.charAt(i))) {
					return 0;
				}
			}
			int scale = Integer.parseInt(value);
			return (scale <= ImageController.MAX_SCALE) ? scale : 0;
		}

	}

}
