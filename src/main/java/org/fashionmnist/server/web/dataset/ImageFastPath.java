package org.fashionmnist.server.web.dataset;

import java.io.IOException;
import java.io.OutputStream;
import java.util.regex.Pattern;

import io.micrometer.core.instrument.MeterRegistry;

import org.fashionmnist.server.dataset.Dataset;
import org.fashionmnist.server.dataset.DatasetCatalog;
import org.fashionmnist.server.dataset.SplitData;
import org.fashionmnist.server.image.GrayImages;
import org.fashionmnist.server.image.PngEncoder;
import org.fashionmnist.server.web.http.FastPath;
import org.fashionmnist.server.web.http.Responses;

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

	/** The controller's path pattern: the {@code uri} of the requests this filter counts. */
	static final String URI_PATTERN = "/api/v1/datasets/{dataset}/splits/{split}/images/{index}.png";

	private static final Pattern PATH = Pattern.compile("/api/v1/datasets/([^/]+)/splits/([^/]+)/images/(0|[1-9][0-9]{0,8})\\.png");

	ImageFastPath(DatasetCatalog catalog, MeterRegistry meters) {
		super(URI_PATTERN, PATH, catalog, meters);
	}

	@Override
	protected Answer answer(Dataset dataset, SplitData split, String item, String queryString) {
		Query query = Query.parse(queryString);
		int index = Integer.parseInt(item);
		if (query == null || index >= split.size()) {
			return null;
		}
		String etag = Responses.etag(dataset, PngEncoder.VERSION, split.split().id(), index, query.scale(), query.invert() ? 1 : 0);
		return new Answer(etag, HttpHeaders.EMPTY, () -> new Png(
				GrayImages.png(split.imageBytes(), split.imageOffset(index), split.side(), query.scale(), query.invert())));
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
