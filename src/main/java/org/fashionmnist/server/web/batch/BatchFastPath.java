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
import org.fashionmnist.server.batch.Equalization;
import org.fashionmnist.server.batch.Layout;
import org.fashionmnist.server.batch.Normalization;
import org.fashionmnist.server.batch.PixelType;
import org.fashionmnist.server.dataset.Dataset;
import org.fashionmnist.server.dataset.DatasetCatalog;
import org.fashionmnist.server.dataset.SplitData;
import org.fashionmnist.server.tensor.TensorFormat;
import org.fashionmnist.server.web.http.ApiPaths;
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
 * labels as digits separated by commas, parsed into the {@link BatchQuery} the controller binds, whose
 * entity tag and headers both send. JSON batches and everything else go on to {@link BatchController}.
 */
class BatchFastPath extends FastPath {

	private static final Pattern PATH = ApiPaths.plainForm(ApiPaths.BATCH);

	private final EpochPlanner planner;

	private final ServedBatches served;

	BatchFastPath(DatasetCatalog catalog, EpochPlanner planner, ServedBatches served, MeterRegistry meters) {
		super(ApiPaths.BATCH, PATH, catalog, meters);
		this.planner = planner;
		this.served = served;
	}

	/** What training clients send: nothing, or anything. */
	@Override
	protected boolean accepts(String accept) {
		return accept == null || accept.equals("*/*");
	}

	@Override
	protected Answer answer(Dataset dataset, SplitData split, String item, String queryString) {
		BatchQuery query = plain(queryString);
		if (query == null || !query.isConsistent() || query.format() == TensorFormat.JSON) {
			return null;
		}
		EpochPlan plan = this.planner.plan(split, query.spec());
		int batch = Integer.parseInt(item);
		if (batch >= plan.numBatches()) {
			return null;
		}
		BatchContent content = query.content();
		TensorFormat format = (query.format() != null) ? query.format() : TensorFormat.NPZ;
		return new Answer(query.batchTag(dataset, split, content, format, batch),
				BatchQuery.headers(dataset, split, plan, format, batch),
				() -> new TensorPayload(format.encoder(), this.served.tensors(content, dataset, split, plan.batch(batch), format)));
	}

	/** The query in the plain form served here, or null when it holds anything else (the controller decides about those). */
	static BatchQuery plain(String query) {
		return Parameters.plain(query);
	}

	/** The batch parameters as read from a query string; -1 or null for those not given. */
	private static final class Parameters {

		private static final Pattern LABELS = Pattern.compile("[0-9](,[0-9])*");

		private static final Pattern ENCODED_COMMA = Pattern.compile("%2C", Pattern.CASE_INSENSITIVE);

		private static final Map<String, Equalization> EQUALIZATIONS = byApiName(Equalization.values());

		private static final Map<String, PixelType> DTYPES = byApiName(PixelType.values());

		private static final Map<String, Normalization> NORMALIZATIONS = byApiName(Normalization.values());

		private static final Map<String, Layout> LAYOUTS = byApiName(Layout.values());

		private static final Map<String, TensorFormat> FORMATS = byApiName(TensorFormat.values());

		private long batchSize = -1;

		private long seed = -1;

		private long epoch = -1;

		private long start = -1;

		private long shard = -1;

		private long numShards = -1;

		private Equalization equalize;

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
				case "batchSize" -> this.batchSize < 0 && (this.batchSize = number(value, 1, BatchQuery.MAX_BATCH_SIZE)) >= 0;
				case "seed" -> this.seed < 0 && (this.seed = number(value, 0, Long.MAX_VALUE)) >= 0;
				case "epoch" -> this.epoch < 0 && (this.epoch = number(value, 0, Long.MAX_VALUE)) >= 0;
				case "start" -> this.start < 0 && (this.start = number(value, 0, Long.MAX_VALUE)) >= 0;
				case "shard" -> this.shard < 0 && (this.shard = number(value, 0, Integer.MAX_VALUE)) >= 0;
				case "numShards" -> this.numShards < 0 && (this.numShards = number(value, 1, BatchQuery.MAX_SHARDS)) >= 0;
				case "shuffle" -> this.shuffle == null && (this.shuffle = bool(value)) != null;
				case "equalize" -> this.equalize == null && (this.equalize = EQUALIZATIONS.get(value)) != null;
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

		static BatchQuery plain(String query) {
			Parameters parameters = new Parameters();
			return (query == null || parameters.read(query)) ? parameters.query() : null;
		}

		private BatchQuery query() {
			return new BatchQuery(givenInt(this.batchSize), this.shuffle, given(this.seed), given(this.epoch), given(this.start),
					givenInt(this.shard), givenInt(this.numShards), this.equalize, this.dropLast, this.labels, this.dtype,
					this.normalize, this.layout, this.format);
		}

		private static Integer givenInt(long number) {
			return (number >= 0) ? Integer.valueOf((int) number) : null;
		}

		private static Long given(long number) {
			return (number >= 0) ? Long.valueOf(number) : null;
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
