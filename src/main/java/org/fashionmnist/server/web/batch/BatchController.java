package org.fashionmnist.server.web.batch;

import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.fashionmnist.server.batch.BatchContent;
import org.fashionmnist.server.batch.EpochPlan;
import org.fashionmnist.server.batch.EpochPlanner;
import org.fashionmnist.server.batch.EpochShuffle;
import org.fashionmnist.server.batch.EpochSpec;
import org.fashionmnist.server.batch.Layout;
import org.fashionmnist.server.batch.Normalization;
import org.fashionmnist.server.batch.PixelType;
import org.fashionmnist.server.dataset.Dataset;
import org.fashionmnist.server.dataset.LabelSet;
import org.fashionmnist.server.dataset.Split;
import org.fashionmnist.server.dataset.SplitData;
import org.fashionmnist.server.tensor.TensorEncoder;
import org.fashionmnist.server.tensor.TensorFormat;
import org.fashionmnist.server.web.http.DatasetLookup;
import org.fashionmnist.server.web.http.LenientAcceptHeader;
import org.fashionmnist.server.web.http.Responses;
import org.fashionmnist.server.web.openapi.DatasetParam;
import org.fashionmnist.server.web.openapi.LabelParam;
import org.fashionmnist.server.web.openapi.SplitParam;
import org.fashionmnist.server.web.problem.Problems;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import org.springframework.web.util.UriComponentsBuilder;

/** The training path: an epoch's plan, and its batches as npz, safetensors or JSON. */
@RestController
@RequestMapping("/api/v1/datasets/{dataset}/splits/{split}/batches")
@Tag(name = "Batches", description = "Epochs of training batches: ordered or shuffled, sharded, filtered, as npz, safetensors or JSON")
class BatchController {

	static final int MAX_BATCH_SIZE = 8192;

	static final int MAX_SHARDS = 4096;

	private final DatasetLookup lookup;

	private final EpochPlanner planner;

	BatchController(DatasetLookup lookup, EpochPlanner planner) {
		this.lookup = lookup;
		this.planner = planner;
	}

	@GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Plan an epoch",
			description = "How many items and batches this shard of the epoch has, and `batchUrlTemplate`, the URL of batch {batch} "
					+ "(RFC 6570) carrying the plan's parameters and any of dtype, normalize, layout and format given here.")
	@ApiResponse(responseCode = "200", description = "The plan")
	@ApiResponse(responseCode = "400", description = "A parameter is out of range, not a number or not one of its values; shard >= numShards; "
			+ "normalize other than none with uint8")
	@ApiResponse(responseCode = "404", description = "No such dataset or split")
	ResponseEntity<BatchPlan> plan(@DatasetParam @PathVariable("dataset") String datasetId, @SplitParam @PathVariable("split") String splitName,
			@BatchSizeParam @RequestParam(defaultValue = "256") @Min(1) @Max(MAX_BATCH_SIZE) int batchSize,
			@ShuffleParam @RequestParam(defaultValue = "false") boolean shuffle,
			@SeedParam @RequestParam(defaultValue = "0") @Min(0) long seed,
			@EpochParam @RequestParam(defaultValue = "0") @Min(0) long epoch,
			@ShardParam @RequestParam(defaultValue = "0") @Min(0) int shard,
			@NumShardsParam @RequestParam(defaultValue = "1") @Min(1) @Max(MAX_SHARDS) int numShards,
			@DropLastParam @RequestParam(defaultValue = "false") boolean dropLast,
			@LabelParam @RequestParam(name = "label", required = false) List<@Min(0) @Max(9) Integer> label,
			@DtypeParam @RequestParam(required = false) PixelType dtype,
			@NormalizeParam @RequestParam(required = false) Normalization normalize,
			@LayoutParam @RequestParam(required = false) Layout layout,
			@FormatParam @RequestParam(required = false) TensorFormat format, WebRequest request) {
		Dataset dataset = this.lookup.dataset(datasetId);
		SplitData split = this.lookup.split(dataset, splitName);
		EpochSpec spec = spec(LabelSet.of(label), shuffle, seed, epoch, shard, numShards, batchSize, dropLast);
		checkNormalization(dtype != null ? dtype : PixelType.UINT8, normalize != null ? normalize : Normalization.NONE);
		EpochPlan plan = this.planner.plan(split, spec);
		String template = batchUrlTemplate(dataset, split, spec, dtype, normalize, layout, format);
		String etag = Responses.etag(dataset, "plan", EpochShuffle.VERSION, split.split().id(), key(spec),
				name(dtype), name(normalize), name(layout), name(format));
		return Responses.json(request, etag, () -> BatchPlan.of(split.split(), plan, template));
	}

	@GetMapping("/{batch}")
	@Operation(summary = "Get one batch of an epoch",
			description = "Three arrays: `images` (dtype and layout as asked), `labels` (uint8 [n]) and `indices` (int64 [n], the original "
					+ "split indices), for positions batch*batchSize .. (batch+1)*batchSize-1 of this shard of the epoch. "
					+ "npz is a zip of images.npy, labels.npy and indices.npy that numpy.load opens (application/zip); "
					+ "safetensors holds the same three tensors (application/octet-stream); json has per array dtype, shape and "
					+ "nested data. The bytes are a pure function of the parameters: strong ETag, immutable caching. "
					+ "Headers: X-Batch-Index (this batch), X-Batch-Count (batches in the shard), X-Total-Count (items in the shard).")
	@ApiResponse(responseCode = "200", description = "The batch", content = {
			@Content(mediaType = "application/zip", schema = @Schema(type = "string", format = "binary")),
			@Content(mediaType = "application/octet-stream", schema = @Schema(type = "string", format = "binary")),
			@Content(mediaType = "application/json", schema = @Schema(type = "object")) })
	@ApiResponse(responseCode = "400", description = "A parameter is out of range, not a number or not one of its values; shard >= numShards; "
			+ "normalize other than none with uint8")
	@ApiResponse(responseCode = "404", description = "No such dataset or split, or the batch is past the end of the shard")
	ResponseEntity<TensorPayload> batch(@DatasetParam @PathVariable("dataset") String datasetId,
			@SplitParam @PathVariable("split") String splitName,
			@Parameter(description = "0-based batch number, below the plan's numBatches (past the end is 404)", example = "0")
			@PathVariable("batch") @Min(0) int batch,
			@BatchSizeParam @RequestParam(defaultValue = "256") @Min(1) @Max(MAX_BATCH_SIZE) int batchSize,
			@ShuffleParam @RequestParam(defaultValue = "false") boolean shuffle,
			@SeedParam @RequestParam(defaultValue = "0") @Min(0) long seed,
			@EpochParam @RequestParam(defaultValue = "0") @Min(0) long epoch,
			@ShardParam @RequestParam(defaultValue = "0") @Min(0) int shard,
			@NumShardsParam @RequestParam(defaultValue = "1") @Min(1) @Max(MAX_SHARDS) int numShards,
			@DropLastParam @RequestParam(defaultValue = "false") boolean dropLast,
			@LabelParam @RequestParam(name = "label", required = false) List<@Min(0) @Max(9) Integer> label,
			@DtypeParam @RequestParam(defaultValue = "uint8") PixelType dtype,
			@NormalizeParam @RequestParam(defaultValue = "none") Normalization normalize,
			@LayoutParam @RequestParam(defaultValue = "nhw") Layout layout,
			@FormatParam @RequestParam(required = false) TensorFormat format,
			@Parameter(hidden = true) @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept,
			WebRequest request) throws HttpMediaTypeNotAcceptableException {
		Dataset dataset = this.lookup.dataset(datasetId);
		SplitData split = this.lookup.split(dataset, splitName);
		EpochSpec spec = spec(LabelSet.of(label), shuffle, seed, epoch, shard, numShards, batchSize, dropLast);
		BatchContent content = content(dtype, normalize, layout);
		TensorFormat chosen = BatchFormats.negotiate(format, accept);
		TensorEncoder encoder = chosen.encoder();
		MediaType contentType = MediaType.parseMediaType(encoder.contentType());
		LenientAcceptHeader.requireAcceptable(accept, contentType);
		EpochPlan plan = this.planner.plan(split, spec);
		if (batch >= plan.numBatches()) {
			throw Problems.notFound("Batch " + batch + " is past the end: this shard of the epoch has " + plan.size() + " items in "
					+ plan.numBatches() + " batches" + (plan.numBatches() > 0 ? " (0.." + (plan.numBatches() - 1) + ")." : "."));
		}
		String etag = batchEtag(dataset, split, plan, content, chosen, batch);
		HttpHeaders headers = batchHeaders(dataset, split, plan, chosen, batch);
		if (chosen == TensorFormat.JSON) {
			// Text, which gzip shrinks three to six times; npz and safetensors hold bytes it barely can.
			return Responses.compressible(request, etag, Responses.IMMUTABLE, contentType, headers,
					(gzip) -> new TensorPayload(encoder, content.tensors(split, plan.batch(batch), dataset.pixelStats()), gzip));
		}
		return Responses.conditional(request, etag, Responses.IMMUTABLE, contentType, headers,
				() -> new TensorPayload(encoder, content.tensors(split, plan.batch(batch), dataset.pixelStats())));
	}

	/** The entity tag of a batch: everything that decides its bytes, the encoder's version among them. */
	static String batchEtag(Dataset dataset, SplitData split, EpochPlan plan, BatchContent content, TensorFormat format, int batch) {
		return Responses.etag(dataset, "batch", EpochShuffle.VERSION, split.split().id(), key(plan.spec()), name(content.pixelType()),
				name(content.normalization()), name(content.layout()), format.encoder().version(), batch);
	}

	/** The headers of a batch, on its 200 and its 304 alike, but the entity tag and caching. */
	static HttpHeaders batchHeaders(Dataset dataset, SplitData split, EpochPlan plan, TensorFormat format, int batch) {
		HttpHeaders headers = new HttpHeaders();
		headers.set("X-Batch-Index", Integer.toString(batch));
		headers.set("X-Batch-Count", Integer.toString(plan.numBatches()));
		headers.set("X-Total-Count", Integer.toString(plan.size()));
		if (format != TensorFormat.JSON) {
			headers.setContentDisposition(ContentDisposition.attachment()
				.filename(dataset.id() + "-" + split.split().id() + "-batch-" + batch + "." + format.encoder().fileExtension())
				.build());
		}
		headers.add(HttpHeaders.VARY, HttpHeaders.ACCEPT);
		return headers;
	}

	static EpochSpec spec(LabelSet labels, boolean shuffle, long seed, long epoch, int shard, int numShards,
			int batchSize, boolean dropLast) {
		if (shard >= numShards) {
			throw Problems.invalidParameter("shard", "must be less than numShards (" + numShards + "), found " + shard);
		}
		return new EpochSpec(labels, shuffle, seed, epoch, shard, numShards, batchSize, dropLast);
	}

	static BatchContent content(PixelType dtype, Normalization normalize, Layout layout) {
		checkNormalization(dtype, normalize);
		return new BatchContent(dtype, normalize, layout);
	}

	private static void checkNormalization(PixelType dtype, Normalization normalize) {
		if (!BatchContent.goTogether(dtype, normalize)) {
			throw Problems.invalidParameter("normalize", "must be none for uint8 images (unit and standard need dtype=float32), found "
					+ name(normalize));
		}
	}

	/** The parameters that decide an epoch's items and their order, for entity tags; no commas. */
	private static String key(EpochSpec spec) {
		return spec.batchSize() + "-" + (spec.shuffle() ? spec.seed() + "-" + spec.epoch() : "o") + "-" + spec.shard() + "-"
				+ spec.numShards() + "-" + (spec.dropLast() ? 1 : 0) + "-" + Integer.toHexString(spec.labels().mask());
	}

	private static String batchUrlTemplate(Dataset dataset, SplitData split, EpochSpec spec, PixelType dtype,
			Normalization normalize, Layout layout, TensorFormat format) {
		String path = ServletUriComponentsBuilder.fromCurrentContextPath()
			.path("/api/v1/datasets/{dataset}/splits/{split}/batches")
			.buildAndExpand(dataset.id(), split.split().id())
			.encode()
			.toUriString();
		UriComponentsBuilder query = UriComponentsBuilder.newInstance()
			.queryParam("batchSize", spec.batchSize())
			.queryParam("shuffle", spec.shuffle())
			.queryParam("seed", spec.seed())
			.queryParam("epoch", spec.epoch())
			.queryParam("shard", spec.shard())
			.queryParam("numShards", spec.numShards())
			.queryParam("dropLast", spec.dropLast());
		if (!spec.labels().isAll()) {
			query.queryParam("label", spec.labels().toString());
		}
		addIfPresent(query, "dtype", dtype);
		addIfPresent(query, "normalize", normalize);
		addIfPresent(query, "layout", layout);
		addIfPresent(query, "format", format);
		return path + "/{batch}?" + query.build().encode().getQuery();
	}

	private static void addIfPresent(UriComponentsBuilder query, String parameter, Enum<?> value) {
		if (value != null) {
			query.queryParam(parameter, name(value));
		}
	}

	private static String name(Enum<?> value) {
		return (value != null) ? value.name().toLowerCase(Locale.ROOT) : "";
	}

	/**
	 * An epoch plan.
	 * @param size items in this shard
	 * @param epochSize items in the whole (filtered) epoch, over all shards
	 * @param labels the label filter, empty for all classes
	 * @param batchUrlTemplate the URL of batch {batch}, an RFC 6570 template
	 */
	record BatchPlan(String split, int size, int batchSize, int numBatches, int epochSize, boolean shuffle, long seed,
			long epoch, int shard, int numShards, boolean dropLast, List<Integer> labels, String batchUrlTemplate) {

		static BatchPlan of(Split split, EpochPlan plan, String batchUrlTemplate) {
			EpochSpec spec = plan.spec();
			List<Integer> labels = IntStream.range(0, Integer.SIZE)
				.filter((label) -> !spec.labels().isAll() && spec.labels().contains(label))
				.boxed()
				.toList();
			return new BatchPlan(split.id(), plan.size(), spec.batchSize(), plan.numBatches(), plan.epochSize(), spec.shuffle(),
					spec.seed(), spec.epoch(), spec.shard(), spec.numShards(), spec.dropLast(), labels, batchUrlTemplate);
		}

	}

}
