package org.fashionmnist.server.inference;

import java.nio.file.Path;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;

import org.fashionmnist.server.inference.ModelProperties.ModelSettings;

/**
 * A loaded classifier: its ONNX Runtime session behind a micro-batcher, what is known about it, and its
 * evaluation on the test split of its dataset, computed when it was loaded. Closing it closes the session.
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

	private final Evaluation evaluation;

	Model(String id, ModelFile file, ModelDescriptor descriptor, Preprocessing preprocessing, String dataset,
			List<String> classNames, ModelSettings settings, OnnxClassifier classifier, Evaluation evaluation,
			MeterRegistry meters) {
		this.id = id;
		this.file = file;
		this.descriptor = descriptor;
		this.preprocessing = preprocessing;
		this.dataset = dataset;
		this.classNames = List.copyOf(classNames);
		this.settings = settings;
		this.classifier = classifier;
		this.evaluation = evaluation;
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

	public Evaluation evaluation() {
		return this.evaluation;
	}

	public boolean isClosed() {
		return this.classifier.isClosed();
	}

	@Override
	public void close() {
		this.batcher.close();
		this.classifier.close();
	}

	/**
	 * The model file as it was loaded.
	 * @param initializerValues the number of values in its initializers, -1 if unknown
	 */
	public record ModelFile(Path path, long size, String sha256, long initializerValues) {

		public String name() {
			return this.path.getFileName().toString();
		}

	}

}
