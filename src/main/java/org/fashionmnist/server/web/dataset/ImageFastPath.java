package org.fashionmnist.server.web.dataset;

import java.io.IOException;
import java.io.OutputStream;
import java.util.regex.Pattern;

import io.micrometer.core.instrument.MeterRegistry;

import org.fashionmnist.server.dataset.Dataset;
import org.fashionmnist.server.dataset.DatasetCatalog;
import org.fashionmnist.server.dataset.SplitData;
import org.fashionmnist.server.web.http.ApiPaths;
import org.fashionmnist.server.web.http.FastPath;

import org.springframework.http.HttpHeaders;

/**
 * Serves the hottest request, one stored image as PNG, without Spring MVC (see {@link FastPath}), whose
 * per-request work costs several times the encoding itself (a 28x28 PNG takes about 5 µs).
 * <p>
 * It answers only the plain, valid form: {@code GET} or {@code HEAD} of
 * {@code /api/v1/datasets/{dataset}/splits/{split}/images/{index}.png} for a dataset, split and index that
 * exist, with at most {@code scale} (1..16) and {@code invert} ({@code true} or {@code false}), and an
 * {@code Accept} that takes PNG. Everything else goes on to {@link ImageController}.
 */
class ImageFastPath extends FastPath {

	private static final Pattern PATH = ApiPaths.plainForm(ApiPaths.IMAGE);

	ImageFastPath(DatasetCatalog catalog, MeterRegistry meters) {
		super(ApiPaths.IMAGE, PATH, catalog, meters);
	}

	@Override
	protected Answer answer(Dataset dataset, SplitData split, String item, String queryString) {
		ImageQuery query = plain(queryString);
		int index = Integer.parseInt(item);
		if (query == null || index >= split.size()) {
			return null;
		}
		return new Answer(query.etag(dataset, split, index), HttpHeaders.EMPTY, () -> new Png(query.png(split, index)));
	}

	/**
	 * No {@code Accept}, or one that names PNG, any image or anything, without parameters: a weight
	 * ({@code q=0}, in any case and spacing) is left to the controller's content negotiation.
	 */
	@Override
	protected boolean accepts(String accept) {
		return accept == null || (accept.indexOf(';') < 0 && (accept.contains("image/png") || accept.contains("image/*") || accept.contains("*/*")));
	}

	private record Png(byte[] bytes) implements Body {

		@Override
		public String contentType() {
			return "image/png";
		}

		@Override
		public long contentLength() {
			return this.bytes.length;
		}

		@Override
		public void writeTo(OutputStream out) throws IOException {
			out.write(this.bytes);
		}

	}

	/**
	 * The query string in the one shape served here, {@code scale} (1..16 in plain decimal) and {@code invert}
	 * ({@code true} or {@code false}) each at most once, or null when it holds anything else (the controller
	 * decides about those).
	 */
	static ImageQuery plain(String query) {
		if (query == null) {
			return ImageQuery.DEFAULTS;
		}
		Integer scale = null;
		Boolean invert = null;
		for (String pair : query.split("&", -1)) {
			if (scale == null && pair.startsWith("scale=")) {
				scale = scale(pair.substring(6));
				if (scale == null) {
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
		return new ImageQuery(scale, invert);
	}

	/** 1..16 written plainly, or null. */
	private static Integer scale(String value) {
		if (value.isEmpty() || value.length() > 2 || value.charAt(0) == '0') {
			return null;
		}
		for (int i = 0; i < value.length(); i++) {
			if (value.charAt(i) < '0' || value.charAt(i) > '9') {
				return null;
			}
		}
		int scale = Integer.parseInt(value);
		return (scale <= ImageQuery.MAX_SCALE) ? scale : null;
	}

}
