package org.fashionmnist.server.inference;

import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;

import io.micrometer.core.instrument.MeterRegistry;

import org.fashionmnist.server.dataset.FileLocation;
import org.fashionmnist.server.dataset.Loading;
import org.fashionmnist.server.inference.ModelProperties.ModelSettings;

/**
 * A loaded classifier: its ONNX Runtime session behind a micro-batcher, what is known about it, and its
 * evaluation on the test split of its dataset. The evaluation runs on a thread of its own once asked for
 * ({@link #startEvaluation}, when the application is ready, or the first {@link #evaluation}): it does not
 * hold up start-up, and a model serves predictions while it runs. Closing the model stops the evaluation
 * between two batches, then closes the session.
 */
public final class Model implements AutoCloseable {

	private final String id;

	private final ModelFile file;

	private final ModelDescriptor descriptor;

	private final Preprocessing preprocessing;

	private final String dataset;

	private final List<String> classNames;

	private final ModelSettings settings;

	private final OnnxClassifier classifier;

	private final MicroBatcher batcher;

	private final Loading<Evaluation> evaluation;

	private volatile boolean closing;

	Model(String id, ModelFile file, ModelDescriptor descriptor, Preprocessing preprocessing, String dataset,
			List<String> classNames, ModelSettings settings, OnnxClassifier classifier,
			Function<BooleanSupplier, Evaluation> evaluation, MeterRegistry meters) {
		this.id = id;
		this.file = file;
		this.descriptor = descriptor;
		this.preprocessing = preprocessing;
		this.dataset = dataset;
		this.classNames = List.copyOf(classNames);
		this.settings = settings;
		this.classifier = classifier;
		this.evaluation = Loading.deferred("model-evaluation", () -> evaluation.apply(() -> this.closing));
		this.batcher = new MicroBatcher(classifier, settings.maxBatchSize(), settings.workers(),
				settings.queueCapacity(), settings.maxQueueTime(), settings.retryAfter(), meters, id);
	}

	/**
	 * Classifies images, batched with those of concurrent requests.
	 * @throws ModelOverloadedException when the model cannot take them in time
	 */
	public Classification[] classify(Instances instances) {
		return Classification.split(this.batcher.classify(instances.pixels(), instances.count()), instances.count());
	}

	public String id() {
		return this.id;
	}

	/** The file format, {@code onnx}. */
	public String format() {
		return "onnx";
	}

	public ModelFile file() {
		return this.file;
	}

	public ModelDescriptor descriptor() {
		return this.descriptor;
	}

	public String inputName() {
		return this.classifier.inputName();
	}

	public String outputName() {
		return this.classifier.outputName();
	}

	/** The shape of the input the model takes, with -1 for the batch dimension. */
	public long[] inputShape() {
		return new long[] { -1, 1, Instances.SIDE, Instances.SIDE };
	}

	/** The number of parameters: as the descriptor states it, else the values of the ONNX initializers. */
	public long parameters() {
		return (this.descriptor.parameters() != null) ? this.descriptor.parameters() : this.file.initializerValues();
	}

	public Preprocessing.Settings preprocessing() {
		return this.preprocessing.settings();
	}

	/** The id of the dataset it was trained on. */
	public String dataset() {
		return this.dataset;
	}

	public List<String> classNames() {
		return this.classNames;
	}

	public ModelSettings settings() {
		return this.settings;
	}

	/** Starts the evaluation on the test split, unless it has started. */
	public Model startEvaluation() {
		this.evaluation.begin();
		return this;
	}

	/** The evaluation on the test split, waiting for it (and starting it) if need be. */
	public Evaluation evaluation() {
		return this.evaluation.get();
	}

	/** Runs {@code action} with the evaluation once it is done, or with its failure if it fails. */
	public void whenEvaluated(Consumer<Evaluation> action, Consumer<Throwable> failure) {
		this.evaluation.whenLoaded(action);
		this.evaluation.whenFailed(failure);
	}

	public boolean isClosed() {
		return this.classifier.isClosed();
	}

	@Override
	public void close() {
		this.closing = true;
		this.evaluation.settle();
		this.batcher.close();
		this.classifier.close();
	}

	/**
	 * The model file as it was loaded.
	 * @param location where it was read: a configured path, or the copy bundled in the application
	 * @param initializerValues the number of values in its initializers, -1 if unknown
	 */
	public record ModelFile(FileLocation location, long size, String sha256, long initializerValues) {

		public String name() {
			return this.location.name();
		}

	}

}
