package org.fashionmnist.server.inference;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.fashionmnist.server.dataset.FileLocation;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The models to serve, by id ({@code fmnist.models.<id>.*}); the bundled one is {@code baseline}, read from
 * inside the application unless a path is given. Any ONNX model with the same contract (float32 input
 * [N,1,28,28] of normalised pixels, raw logits [N,10]) can be added by giving it an id and a path.
 *
 * @param models the models by id; an id is lower-case letters, digits, '.', '_' or '-'
 */
@ConfigurationProperties("fmnist")
public record ModelProperties(@DefaultValue Map<String, ModelSettings> models) {

	private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

	/** Where the build bundles the repository's {@code models} (see the pom's resources). */
	static final String BUNDLED_DIR = "models";

	public ModelProperties {
		models.keySet().stream().filter((id) -> !ID.matcher(id).matches()).findFirst().ifPresent((id) -> {
			throw new IllegalArgumentException("fmnist.models." + id + ": a model id must match " + ID.pattern());
		});
	}

	/**
	 * One model.
	 *
	 * @param enabled whether to load it (to switch off the bundled model, for example)
	 * @param path the {@code .onnx} file, relative to the working directory or absolute; unset for
	 * {@code baseline}: the model bundled in the application
	 * @param metadata its descriptor (preprocessing, class names, ...); default: the {@code .json} beside
	 * the {@code .onnx} file. Without one the dataset's train mean and std and class names are used.
	 * @param dataset the dataset it was trained on and is evaluated with; default: the descriptor's, else
	 * {@code fashion-mnist}
	 * @param intraOpThreads ONNX Runtime threads inside one operator (1 runs on the calling thread)
	 * @param interOpThreads ONNX Runtime threads across operators (the graph runs sequentially)
	 * @param maxBatchSize the most images in one ONNX Runtime call; concurrent requests are grouped up to it
	 * @param workers how many ONNX Runtime calls may run at once
	 * @param queueCapacity how many images may wait for the model; a request that does not fit is refused
	 * with 503 (a request always fits into an empty queue)
	 * @param maxQueueTime how long a request may wait before its first image enters the model; then it is
	 * refused with 503
	 * @param retryAfter what the {@code Retry-After} header of those 503 responses says
	 */
	public record ModelSettings(@DefaultValue("true") boolean enabled, @Nullable Path path, @Nullable Path metadata,
			@Nullable String dataset, @DefaultValue("1") int intraOpThreads, @DefaultValue("1") int interOpThreads,
			@DefaultValue("256") int maxBatchSize, @DefaultValue("2") int workers,
			@DefaultValue("4096") int queueCapacity, @DefaultValue("1s") Duration maxQueueTime,
			@DefaultValue("1s") Duration retryAfter) {

		void check(String id) {
			String prefix = "fmnist.models." + id + ".";
			require(this.path != null || ModelCatalog.BASELINE.equals(id),
					prefix + "path must name the model's .onnx file");
			require(this.intraOpThreads >= 1, prefix + "intra-op-threads must be at least 1");
			require(this.interOpThreads >= 1, prefix + "inter-op-threads must be at least 1");
			require(this.maxBatchSize >= 1, prefix + "max-batch-size must be at least 1");
			require(this.workers >= 1, prefix + "workers must be at least 1");
			require(this.queueCapacity >= 1, prefix + "queue-capacity must be at least 1");
			require(!this.maxQueueTime.isNegative(), prefix + "max-queue-time must not be negative");
			require(!this.retryAfter.isNegative(), prefix + "retry-after must not be negative");
		}

		/** The model file: the configured one, or, for {@code baseline} without a path, the bundled one. */
		FileLocation file(String id) {
			return (this.path != null) ? FileLocation.of(this.path)
					: FileLocation.bundled(BUNDLED_DIR + "/" + id + ".onnx");
		}

		/** The descriptor: the configured one, or the model file's name with {@code .json}, beside it. */
		FileLocation metadataFile(String id) {
			if (this.metadata != null) {
				return FileLocation.of(this.metadata);
			}
			FileLocation file = file(id);
			String name = file.name();
			int dot = name.lastIndexOf('.');
			return file.resolveSibling(((dot > 0) ? name.substring(0, dot) : name) + ".json");
		}

		private static void require(boolean condition, String message) {
			if (!condition) {
				throw new IllegalArgumentException(message);
			}
		}

	}

}
