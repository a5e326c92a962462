package org.fashionmnist.server.web.batch;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;

/** OpenAPI descriptions of the parameters that the epoch plan and its batches share. */
final class BatchParameterDocs {

	private BatchParameterDocs() {
	}

}

@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Parameter(description = "Items per batch, 1..8192.", example = "256")
@interface BatchSizeParam {

}

@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Parameter(description = "Shuffle the epoch. Without it the order is ascending index order. The shuffled order depends only "
		+ "on seed, epoch and the filtered index set (SplitMix64 driving a Fisher-Yates shuffle, specified in the README), "
		+ "so it is the same on every call, replica and restart.")
@interface ShuffleParam {

}

@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Parameter(description = "Seed of the shuffle, 0..9223372036854775807 (2^63-1); ignored without shuffle.", example = "0")
@interface SeedParam {

}

@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Parameter(description = "Epoch number, 0..9223372036854775807 (2^63-1): each epoch has its own shuffled order; ignored without shuffle.",
		example = "0")
@interface EpochParam {

}

@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Parameter(description = "This shard, 0..numShards-1 (a larger value is 400). Shard r of k takes positions r, r+k, r+2k, ... "
		+ "of the epoch order, like PyTorch's DistributedSampler without padding.", example = "0")
@interface ShardParam {

}

@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Parameter(description = "Number of shards sharing the epoch (for example ranks times DataLoader workers), 1..4096. "
		+ "Shards are disjoint and together cover the (filtered) split exactly once.", example = "1")
@interface NumShardsParam {

}

@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Parameter(description = "Leave out a final batch shorter than batchSize.")
@interface DropLastParam {

}

@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Parameter(description = "Element type of `images`: uint8 (the stored bytes) or float32 (normalised as `normalize` says).",
		schema = @Schema(type = "string", allowableValues = { "uint8", "float32" }, defaultValue = "uint8"))
@interface DtypeParam {

}

@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Parameter(description = "float32 only (anything but none with uint8 is 400): none = v, unit = v/255, standard = (v/255 - mean)/std "
		+ "with the train split's pixel mean and std (see the dataset's pixelStats), evaluated in double precision "
		+ "and rounded to float32 once.",
		schema = @Schema(type = "string", allowableValues = { "none", "unit", "standard" }, defaultValue = "none"))
@interface NormalizeParam {

}

@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Parameter(description = "Shape of `images`: nhw [n,28,28], nchw [n,1,28,28], nhwc [n,28,28,1] or flat [n,784]. The bytes are "
		+ "the same in every layout.",
		schema = @Schema(type = "string", allowableValues = { "nhw", "nchw", "nhwc", "flat" }, defaultValue = "nhw"))
@interface LayoutParam {

}

@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Parameter(description = "npz (application/zip: images.npy, labels.npy, indices.npy stored uncompressed, as numpy.savez writes), "
		+ "safetensors (application/octet-stream) or json (application/json: per array dtype, shape and nested data). "
		+ "Absent: json when the Accept header prefers application/json over application/zip, otherwise npz.",
		schema = @Schema(type = "string", allowableValues = { "npz", "safetensors", "json" }))
@interface FormatParam {

}
