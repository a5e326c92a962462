package org.fashionmnist.server.web.batch;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.jspecify.annotations.Nullable;

import org.fashionmnist.server.batch.BatchContent;
import org.fashionmnist.server.batch.EpochPlan;
import org.fashionmnist.server.batch.EpochShuffle;
import org.fashionmnist.server.batch.EpochSpec;
import org.fashionmnist.server.batch.Equalization;
import org.fashionmnist.server.batch.Layout;
import org.fashionmnist.server.batch.Normalization;
import org.fashionmnist.server.batch.PixelType;
import org.fashionmnist.server.dataset.Dataset;
import org.fashionmnist.server.dataset.LabelSet;
import org.fashionmnist.server.dataset.SplitData;
import org.fashionmnist.server.tensor.TensorFormat;
import org.fashionmnist.server.web.http.Responses;
import org.fashionmnist.server.web.openapi.LabelParam;
import org.fashionmnist.server.web.problem.Problems;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The query of an epoch's plan and of its batches, declared once: names (the components), defaults,
 * limits and documentation. {@link BatchController} binds it (Spring MVC, validated), {@link BatchFastPath}
 * parses the plain form into it, the plan writes it back as its batch URL template, and both take a batch's
 * entity tag and headers from here.
 * <p>
 * The epoch's first parameters take their defaults here. The content's ({@code dtype}, {@code normalize},
 * {@code layout}, {@code format}) stay null when not given, since a plan carries only those given into its
 * template: {@link #content()} and the batch apply their defaults. So do {@code start} and {@code equalize},
 * added later, so that a plan asked for without them has the template, the bytes and the tag it had before
 * they existed; {@link #spec()} applies their defaults, and the entity tags name them only when they change
 * the epoch.
 */
record BatchQuery(
		@Parameter(description = "Items per batch, 1.." + MAX_BATCH_SIZE + ".", example = "" + DEFAULT_BATCH_SIZE,
				schema = @Schema(type = "integer", format = "int32", defaultValue = "" + DEFAULT_BATCH_SIZE)) @Min(1) @Max(MAX_BATCH_SIZE) Integer batchSize,
		@Parameter(description = "Shuffle the epoch. Without it the order is ascending index order. The shuffled order depends only "
				+ "on seed, epoch and the filtered index set (SplitMix64 driving a Fisher-Yates shuffle, specified in docs/batches.md), "
				+ "so it is the same on every call, replica and restart.", schema = @Schema(type = "boolean", defaultValue = "false")) Boolean shuffle,
		@Parameter(description = "Seed of the shuffle, 0..9223372036854775807 (2^63-1); ignored without shuffle.", example = "0",
				schema = @Schema(type = "integer", format = "int64", defaultValue = "0")) @Min(0) Long seed,
		@Parameter(description = "Epoch number, 0..9223372036854775807 (2^63-1): each epoch has its own shuffled order; ignored "
				+ "without shuffle.", example = "0", schema = @Schema(type = "integer", format = "int64", defaultValue = "0")) @Min(0) Long epoch,
		@Parameter(description = "Skip the first `start` positions of the epoch order before sharding, 0..9223372036854775807 "
				+ "(2^63-1): a job that consumed the first N items of an epoch, with any number of shards, resumes with start=N and "
				+ "any numShards and sees every other item exactly once. At or past the end, every shard is empty.", example = "0",
				schema = @Schema(type = "integer", format = "int64", defaultValue = "0")) @Min(0) @Nullable Long start,
		@Parameter(description = "This shard, 0..numShards-1 (a larger value is 400). Shard r of k takes positions r, r+k, r+2k, ... "
				+ "of the epoch order, like PyTorch's DistributedSampler without padding.", example = "0",
				schema = @Schema(type = "integer", format = "int32", defaultValue = "0")) @Min(0) Integer shard,
		@Parameter(description = "Number of shards sharing the epoch (for example ranks times DataLoader workers), 1.." + MAX_SHARDS
				+ ". Shards are disjoint and together cover the (filtered) split exactly once.", example = "1",
				schema = @Schema(type = "integer", format = "int32", defaultValue = "1")) @Min(1) @Max(MAX_SHARDS) Integer numShards,
		@Parameter(description = "Give every shard the same size, so that every rank runs the same number of steps (applied after "
				+ "start, to the m positions left): none = shards as they fall (they differ by at most one item), drop = leave out the "
				+ "last (m mod numShards), pad = repeat the first of them, in order, until m is a multiple of numShards, as "
				+ "DistributedSampler pads.",
				schema = @Schema(type = "string", allowableValues = { "none", "drop", "pad" }, defaultValue = "none"))
		@Nullable Equalization equalize,
		@Parameter(description = "Leave out a final batch shorter than batchSize.",
				schema = @Schema(type = "boolean", defaultValue = "false")) Boolean dropLast,
		@LabelParam List<@Min(0) @Max(9) Integer> label,
		@Parameter(description = "Element type of `images`: uint8 (the stored bytes) or float32 (normalised as `normalize` says).",
				schema = @Schema(type = "string", allowableValues = { "uint8", "float32" }, defaultValue = "uint8"))
		@Nullable PixelType dtype,
		@Parameter(description = "float32 only (anything but none with uint8 is 400): none = v, unit = v/255, standard = "
				+ "(v/255 - mean)/std with the train split's pixel mean and std (see the dataset's pixelStats), evaluated in double "
				+ "precision and rounded to float32 once.",
				schema = @Schema(type = "string", allowableValues = { "none", "unit", "standard" }, defaultValue = "none"))
		@Nullable Normalization normalize,
		@Parameter(description = "Shape of `images`: nhw [n,28,28], nchw [n,1,28,28], nhwc [n,28,28,1] or flat [n,784]. The bytes are "
				+ "the same in every layout.",
				schema = @Schema(type = "string", allowableValues = { "nhw", "nchw", "nhwc", "flat" }, defaultValue = "nhw"))
		@Nullable Layout layout,
		@Parameter(description = "npz (application/zip: images.npy, labels.npy, indices.npy stored uncompressed, as numpy.savez "
				+ "writes), safetensors (application/octet-stream) or json (application/json: per array dtype, shape and nested "
				+ "data). Absent: json when the Accept header prefers application/json over application/zip, otherwise npz.",
				schema = @Schema(type = "string", allowableValues = { "npz", "safetensors", "json" })) @Nullable TensorFormat format) {

	static final int MAX_BATCH_SIZE = 8192;

	static final int MAX_SHARDS = 4096;

	static final int DEFAULT_BATCH_SIZE = 256;

	private static final RecordComponent[] COMPONENTS = BatchQuery.class.getRecordComponents();

	BatchQuery {
		batchSize = (batchSize != null) ? batchSize : DEFAULT_BATCH_SIZE;
		shuffle = (shuffle != null) ? shuffle : false;
		seed = (seed != null) ? seed : 0L;
		epoch = (epoch != null) ? epoch : 0L;
		shard = (shard != null) ? shard : 0;
		numShards = (numShards != null) ? numShards : 1;
		dropLast = (dropLast != null) ? dropLast : false;
		label = (label != null) ? label.stream().filter(Objects::nonNull).toList() : List.of();
	}

	/** Whether the values go together: shard below numShards, and normalisation only for float32. */
	boolean isConsistent() {
		return this.shard < this.numShards && BatchContent.goTogether(pixelType(), normalization());
	}

	/** The shard of the epoch asked for; a 400 problem when shard is not below numShards. */
	EpochSpec spec() {
		if (this.shard >= this.numShards) {
			throw Problems.invalidParameter("shard", "must be less than numShards (" + this.numShards + "), found " + this.shard);
		}
		return new EpochSpec(LabelSet.of(this.label), this.shuffle, this.seed, this.epoch, startPosition(), equalization(),
				this.shard, this.numShards, this.batchSize, this.dropLast);
	}

	long startPosition() {
		return (this.start != null) ? this.start : 0;
	}

	Equalization equalization() {
		return (this.equalize != null) ? this.equalize : Equalization.NONE;
	}

	/** The batches' arrays as asked, defaults applied; a 400 problem when normalisation is asked of uint8. */
	BatchContent content() {
		if (!BatchContent.goTogether(pixelType(), normalization())) {
			throw Problems.invalidParameter("normalize", "must be none for uint8 images (unit and standard need dtype=float32), found "
					+ name(normalization()));
		}
		return new BatchContent(pixelType(), normalization(), (this.layout != null) ? this.layout : Layout.NHW);
	}

	PixelType pixelType() {
		return (this.dtype != null) ? this.dtype : PixelType.UINT8;
	}

	Normalization normalization() {
		return (this.normalize != null) ? this.normalize : Normalization.NONE;
	}

	/**
	 * The entity tag of the plan: the epoch, and the parameters that go into its template as given (the content's,
	 * and start and equalize when given at all).
	 */
	String planTag(Dataset dataset, SplitData split) {
		List<Object> parts = new ArrayList<>(List.of("plan", EpochShuffle.VERSION, split.split().id(), epochKey(), name(this.dtype),
				name(this.normalize), name(this.layout), name(this.format)));
		if (this.start != null || this.equalize != null) {
			// As written into the template: start=0 given is another template than start left out.
			parts.addAll(List.of("given", (this.start != null) ? this.start : "", name(this.equalize)));
		}
		return Responses.etag(dataset, parts.toArray());
	}

	/** The entity tag of a batch: everything that decides its bytes, the encoder's version among them. */
	String batchTag(Dataset dataset, SplitData split, BatchContent content, TensorFormat chosen, int batch) {
		return Responses.etag(dataset, "batch", EpochShuffle.VERSION, split.split().id(), epochKey(), name(content.pixelType()),
				name(content.normalization()), name(content.layout()), chosen.encoder().version(), batch);
	}

	/** The headers of a batch, on its 200 and its 304 alike, but the entity tag and caching. */
	static HttpHeaders headers(Dataset dataset, SplitData split, EpochPlan plan, TensorFormat format, int batch) {
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

	/**
	 * The parameters that decide an epoch's items and their order, for entity tags; no commas. A start of 0 and
	 * no equalizing are left out, so that the tags of requests that do not use them are those they had before.
	 */
	private String epochKey() {
		String key = this.batchSize + "-" + (this.shuffle ? this.seed + "-" + this.epoch : "o") + "-" + this.shard + "-"
				+ this.numShards + "-" + (this.dropLast ? 1 : 0) + "-" + Integer.toHexString(LabelSet.of(this.label).mask());
		if (startPosition() > 0) {
			key += "-from" + startPosition();
		}
		if (equalization() != Equalization.NONE) {
			key += "-" + name(equalization());
		}
		return key;
	}

	/**
	 * This query as a batch URL writes it: every parameter that has a value, in declaration order; a label
	 * filter as one comma-separated list, options in lower case.
	 */
	String toQueryString() {
		UriComponentsBuilder query = UriComponentsBuilder.newInstance();
		for (RecordComponent component : COMPONENTS) {
			Object value = value(component);
			if (value instanceof List<?>) {
				LabelSet labels = LabelSet.of(this.label);
				value = labels.isAll() ? null : labels.toString();
			}
			if (value != null) {
				query.queryParam(component.getName(), (value instanceof Enum<?> option) ? name(option) : value);
			}
		}
		return query.build().encode().getQuery();
	}

	private Object value(RecordComponent component) {
		try {
			return component.getAccessor().invoke(this);
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** An option as the API writes it, or "" for none. */
	static String name(@Nullable Enum<?> value) {
		return (value != null) ? value.name().toLowerCase(Locale.ROOT) : "";
	}

}
