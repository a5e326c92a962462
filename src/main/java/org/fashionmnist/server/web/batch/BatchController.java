package org.fashionmnist.server.web.batch;

import java.util.List;
import java.util.stream.IntStream;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import org.jspecify.annotations.Nullable;
import org.springdoc.core.annotations.ParameterObject;

import org.fashionmnist.server.batch.BatchContent;
import org.fashionmnist.server.batch.EpochPlan;
import org.fashionmnist.server.batch.EpochPlanner;
import org.fashionmnist.server.batch.EpochSpec;
import org.fashionmnist.server.batch.Equalization;
import org.fashionmnist.server.dataset.Dataset;
import org.fashionmnist.server.dataset.Split;
import org.fashionmnist.server.dataset.SplitData;
import org.fashionmnist.server.tensor.TensorEncoder;
import org.fashionmnist.server.tensor.TensorFormat;
import org.fashionmnist.server.web.http.ApiPaths;
import org.fashionmnist.server.web.http.DatasetLookup;
import org.fashionmnist.server.web.http.LenientAcceptHeader;
import org.fashionmnist.server.web.http.Responses;
import org.fashionmnist.server.web.openapi.DatasetParam;
import org.fashionmnist.server.web.openapi.SplitParam;
import org.fashionmnist.server.web.problem.Problems;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.WebRequest;

/** The training path: an epoch's plan, and its batches as npz, safetensors or JSON. */
@RestController
@RequestMapping(ApiPaths.BATCHES)
@Tag(name = "Batches", description = "Epochs of training batches: ordered or shuffled, sharded, filtered, as npz, safetensors or JSON")
class BatchController {

	private final DatasetLookup lookup;

	private final EpochPlanner planner;

	private final ServedBatches served;

	BatchController(DatasetLookup lookup, EpochPlanner planner, ServedBatches served) {
		this.lookup = lookup;
		this.planner = planner;
		this.served = served;
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
			@ParameterObject @Valid BatchQuery query, WebRequest request) {
		Dataset dataset = this.lookup.dataset(datasetId);
		SplitData split = this.lookup.split(dataset, splitName);
		EpochSpec spec = query.spec();
		query.content(); // refused here as its batches would refuse it: normalisation asked of uint8
		EpochPlan plan = this.planner.plan(split, spec);
		String template = ApiPaths.url(ApiPaths.BATCHES, dataset.id(), split.split().id()) + "/{batch}?" + query.toQueryString();
		return Responses.json(request, query.planTag(dataset, split), () -> BatchPlan.of(split.split(), plan, template));
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
	@ApiResponse(responseCode = "406", description = "The Accept header weighs the chosen format's type 0 (`application/zip;q=0`, "
			+ "`*/*;q=0`); a header that only names other types gets the batch in its usual type")
	ResponseEntity<TensorPayload> batch(@DatasetParam @PathVariable("dataset") String datasetId,
			@SplitParam @PathVariable("split") String splitName,
			@Parameter(description = "0-based batch number, below the plan's numBatches (past the end is 404)", example = "0")
			@PathVariable("batch") @Min(0) int batch, @ParameterObject @Valid BatchQuery query,
			@Parameter(hidden = true) @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept,
			WebRequest request) throws HttpMediaTypeNotAcceptableException {
		Dataset dataset = this.lookup.dataset(datasetId);
		SplitData split = this.lookup.split(dataset, splitName);
		EpochSpec spec = query.spec();
		BatchContent content = query.content();
		TensorFormat chosen = BatchFormats.negotiate(query.format(), accept);
		TensorEncoder encoder = chosen.encoder();
		MediaType contentType = MediaType.parseMediaType(encoder.contentType());
		LenientAcceptHeader.requireAcceptable(accept, contentType);
		EpochPlan plan = this.planner.plan(split, spec);
		if (batch >= plan.numBatches()) {
			throw Problems.notFound("Batch " + batch + " is past the end: this shard of the epoch has " + plan.size() + " items in "
					+ plan.numBatches() + " batches" + (plan.numBatches() > 0 ? " (0.." + (plan.numBatches() - 1) + ")." : "."));
		}
		String etag = query.batchTag(dataset, split, content, chosen, batch);
		HttpHeaders headers = BatchQuery.headers(dataset, split, plan, chosen, batch);
		if (chosen == TensorFormat.JSON) {
			// Text, which gzip shrinks three to six times; npz and safetensors hold bytes it barely can.
			return Responses.compressible(request, etag, Responses.IMMUTABLE, contentType, headers,
					(gzip) -> new TensorPayload(encoder, this.served.tensors(content, dataset, split, plan.batch(batch), chosen), gzip));
		}
		return Responses.conditional(request, etag, Responses.IMMUTABLE, contentType, headers,
				() -> new TensorPayload(encoder, this.served.tensors(content, dataset, split, plan.batch(batch), chosen)));
	}

	/**
	 * An epoch plan.
	 * @param size items in this shard, after equalizing
	 * @param epochSize items in the whole (filtered) epoch, over all shards
	 * @param start positions skipped at the front of the epoch order; left out when 0, as plans were before it existed
	 * @param equalize how shards were made the same size; left out when they were not
	 * @param labels the label filter, empty for all classes
	 * @param batchUrlTemplate the URL of batch {batch}, an RFC 6570 template
	 */
	record BatchPlan(String split, int size, int batchSize, int numBatches, int epochSize, boolean shuffle, long seed,
			long epoch, @Nullable Long start, int shard, int numShards, @Nullable String equalize, boolean dropLast,
			List<Integer> labels, String batchUrlTemplate) {

		static BatchPlan of(Split split, EpochPlan plan, String batchUrlTemplate) {
			EpochSpec spec = plan.spec();
			List<Integer> labels = IntStream.range(0, Integer.SIZE)
				.filter((label) -> !spec.labels().isAll() && spec.labels().contains(label))
				.boxed()
				.toList();
			Long start = (spec.start() > 0) ? spec.start() : null;
			String equalize = (spec.equalization() != Equalization.NONE) ? BatchQuery.name(spec.equalization()) : null;
			return new BatchPlan(split.id(), plan.size(), spec.batchSize(), plan.numBatches(), plan.epochSize(), spec.shuffle(),
					spec.seed(), spec.epoch(), start, spec.shard(), spec.numShards(), equalize, spec.dropLast(), labels,
					batchUrlTemplate);
		}

	}

}
