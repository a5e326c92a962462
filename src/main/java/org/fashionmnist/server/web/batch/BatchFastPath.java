package org.fashionmnist.server.web.batch;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import io.micrometer.core.instrument.MeterRegistry;

import org.fashionmnist.server.batch.BatchContent;
import org.fashionmnist.server.batch.EpochPlan;
import org.fashionmnist.server.batch.EpochPlanner;
import org.fashionmnist.server.batch.EpochSpec;
import org.fashionmnist.server.batch.Layout;
import org.fashionmnist.server.batch.Normalization;
import org.fashionmnist.server.batch.PixelType;
import org.fashionmnist.server.dataset.Dataset;
import org.fashionmnist.server.dataset.DatasetCatalog;
import org.fashionmnist.server.dataset.LabelSet;
import org.fashionmnist.server.dataset.SplitData;
import org.fashionmnist.server.tensor.TensorFormat;
import org.fashionmnist.server.web.http.FastPath;

/**
 * Serves the training path's hot request, one batch as npz or safetensors, without Spring MVC (see
 * {@link FastPath}): resolving, converting and validating thirteen arguments, matching the handler and
 * negotiating the response cost about as much as encoding and sending a 256-image batch.
 * <p>
 * It answers only the plain, valid form: {@code GET} or {@code HEAD} of
 * {@code /api/v1/datasets/{dataset}/splits/{split}/batches/{batch}} for a dataset, split and batch that
 * exist, with no {@code Accept} or {@code Accept: *}{@code /*} (what training clients send), and with
 * only the batch parameters, each at most once (labels aside), written as the API describes them: numbers
 * in plain decimal within their limits, {@code true} or {@code false}, option names in lower case,
 * labels as digits separated by commas. JSON batches and everything else go on to
 * {@link BatchController}, whose entity tag, headers and encoder it uses.
 */
class BatchFastPath extends FastPath {

	/** The controller's path pattern: the {@code uri} of the requests this filter counts. */
	static final String URI_PATTERN = "/api/v1/datasets/{dataset}/splits/{split}/batches/{batch}";

	private static final Pattern PATH = Pattern.compile("/api/v1/datasets/([^/]+)/splits/([^/]+)/batches/(0|[1-9][0-9]{0,8})");

	private final EpochPlanner planner;

	BatchFastPath(DatasetCatalog catalog, EpochPlanner planner, MeterRegistry meters) {
		super(URI_PATTERN, PATH, catalog, meters);
		this.planner = planner;
	}

	/** What training clients send: nothing, or anything. */
	@Override
	protected boolean accepts(String accept) {
		return accept == null || accept.equals("*/*");
	}

	@Override
	protected Answer answer(Dataset dataset, SplitData split, String item, String queryString) {
		Query query = Query.parse(queryString);
		EpochPlan plan = (query != null) ? this.planner.plan(split, query.spec()) : null;
		int batch = Integer.parseInt(item);
		if (plan == null || batch >= plan.numBatches()) {
			return null;
		}
		return new Answer(BatchController.batchEtag(dataset, split, plan, query.content(), query.format(), batch),
				BatchController.batchHeaders(dataset, split, plan, query.format(), batch), () -> new TensorPayload(
						query.format().encoder(), query.content().tensors(split, plan.batch(batch), dataset.pixelStats())));
	}

	/** A query in the plain form served here, already checked against every limit the controller checks. */
	private record Query(EpochSpec spec, BatchContent content, TensorFormat format) {

		/** The query, or null when it holds anything else (the controller decides about those). */
		static Query parse(String query) {
			Parameters parameters = new Parameters();
			if (query != null && !parameters.read(query)) {
				return null;
			}
			return parameters.query();
		}

	}

	/** The batch parameters as read from a query string; -1 or null for those not given. */
	private static final class Parameters {

		private static final Pattern LABELS = Pattern.compile("[0-9](,[0-9])*");

		private static final Pattern ENCODED_COMMA = Pattern.compile("%2C", Pattern.CASE_INSENSITIVE);

		private static final Map<String, PixelType> DTYPES = byApiName(PixelType.values());

		private static final Map<String, Normalization> NORMALIZATIONS = byApiName(Normalization.values());

		private static final Map<String, Layout> LAYOUTS = byApiName(Layout.values());

		private static final Map<String, TensorFormat> FORMATS = byApiName(TensorFormat.values());

		private long batchSize = -1;

		private long seed = -1;

		private long epoch = -1;

		private long shard = -1;

		private long numShards = -1;

		private Boolean shuffle;

		private Boolean dropLast;

		private List<Integer> labels;

		private boolean labelList;

		private PixelType dtype;

		private Normalization normalize;

		private Layout layout;

		private TensorFormat format;

		/** Reads every pair; false at the first one outside the plain form. */
		boolean read(String query) {
			for (String pair : query.split("&", -1)) {
				int equals = pair.indexOf('=');
				if (equals <= 0 || !read(pair.substring(0, equals), pair.substring(equals + 1))) {
					return false;
				}
			}
			return true;
		}

		private boolean read(String name, String value) {
			return switch (name) {
				case "batchSize" -> this.batchSize < 0 && (this.batchSize = number(value, 1, BatchController.MAX_BATCH_SIZE)) >= 0;
				case "seed" -> this.seed < 0 && (this.seed = number(value, 0, Long.MAX_VALUE)) >= 0;
				case "epoch" -> this.epoch < 0 && (this.epoch = number(value, 0, Long.MAX_VALUE)) >= 0;
				case "shard" -> this.shard < 0 && (this.shard = number(value, 0, Integer.MAX_VALUE)) >= 0;
				case "numShards" -> this.numShards < 0 && (this.numShards = number(value, 1, BatchController.MAX_SHARDS)) >= 0;
				case "shuffle" -> this.shuffle == null && (this.shuffle = bool(value)) != null;
				case "dropLast" -> this.dropLast == null && (this.dropLast = bool(value)) != null;
				case "dtype" -> this.dtype == null && (this.dtype = DTYPES.get(value)) != null;
				case "normalize" -> this.normalize == null && (this.normalize = NORMALIZATIONS.get(value)) != null;
				case "layout" -> this.layout == null && (this.layout = LAYOUTS.get(value)) != null;
				case "format" -> this.format == null && (this.format = FORMATS.get(value)) != null;
				case "label" -> label(value);
				default -> false;
			};
		}

		/**
		 * Labels as one parameter of digits separated by commas, or as several parameters of one digit
		 * each: the two forms the controller reads as a list. The commas may be percent-encoded, as
		 * Python's requests and other clients that encode parameter values send them.
		 */
		private boolean label(String written) {
			String value = (written.indexOf('%') < 0) ? written : ENCODED_COMMA.matcher(written).replaceAll(",");
			if (!LABELS.matcher(value).matches()) {
				return false;
			}
			boolean list = value.length() > 1;
			if (this.labels != null && (list || this.labelList)) {
				return false;
			}
			this.labelList = list;
			this.labels = (this.labels != null) ? this.labels : new ArrayList<>();
			for (int i = 0; i < value.length(); i += 2) {
				this.labels.add(value.charAt(i) - '0');
			}
			return true;
		}

		/** The query, or null when its values do not go together (the controller explains why). */
		Query query() {
			int numShards = (int) ((this.numShards < 0) ? 1 : this.numShards);
			int shard = (int) Math.max(this.shard, 0);
			PixelType dtype = (this.dtype != null) ? this.dtype : PixelType.UINT8;
			Normalization normalize = (this.normalize != null) ? this.normalize : Normalization.NONE;
			TensorFormat format = (this.format != null) ? this.format : TensorFormat.NPZ;
			if (shard >= numShards || !BatchContent.goTogether(dtype, normalize) || format == TensorFormat.JSON) {
				return null;
			}
			EpochSpec spec = BatchController.spec(LabelSet.of(this.labels), Boolean.TRUE.equals(this.shuffle), Math.max(this.seed, 0),
					Math.max(this.epoch, 0), shard, numShards, (int) ((this.batchSize < 0) ? 256 : this.batchSize),
					Boolean.TRUE.equals(this.dropLast));
			return new Query(spec, BatchController.content(dtype, normalize, (this.layout != null) ? this.layout : Layout.NHW), format);
		}

		/** A number in plain decimal (no sign, no leading zero) within [min, max], or -1. */
		private static long number(String value, long min, long max) {
			if (value.isEmpty() || value.length() > 18 || (value.charAt(0) == '0' && value.length() > 1)) {
				return -1;
			}
			long number = 0;
			for (int i = 0; i < value.length(); i++) {
				char digit = value.charAt(i);
				if (digit < '0' || digit > '9') {
					return -1;
				}
				number = number * 10 + (digit - '0');
			}
			return (number >= min && number <= max) ? number : -1;
		}

		private static Boolean bool(String value) {
			return switch (value) {
				case "true" -> Boolean.TRUE;
				case "false" -> Boolean.FALSE;
				default -> null;
			};
		}

		/** The options by the names the API writes them with (lower case), looked up once. */
		private static <E extends Enum<E>> Map<String, E> byApiName(E[] options) {
			Map<String, E> byName = new HashMap<>();
			for (E option : options) {
				byName.put(option.name().toLowerCase(Locale.ROOT), option);
			}
			return Map.copyOf(byName);
		}

	}

}
