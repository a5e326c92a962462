package org.fashionmnist.server.inference;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.zip.CRC32;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.fashionmnist.server.dataset.Dataset;
import org.fashionmnist.server.dataset.FileLocation;
import org.fashionmnist.server.dataset.Loading;
import org.fashionmnist.server.dataset.Split;
import org.fashionmnist.server.dataset.SplitData;
import org.fashionmnist.server.inference.ModelProperties.ModelSettings;

/**
 * A loaded classifier: its ONNX Runtime session behind a micro-batcher, what is known about it, its
 * predictions for every image of each split of its dataset, and its evaluation on the test split. Each
 * split's predictions run on a thread of their own once asked for ({@link #startEvaluation} and
 * {@link #startPredictions}, once the application is ready, or the first request that needs them): they do
 * not hold up start-up, and a model serves predictions while they run. Closing the model stops them between
 * two batches, then closes the session.
 */
public final class Model implements AutoCloseable {

	private final String id;

	private final ModelFile file;

	private final ModelDescriptor descriptor;

	private final Preprocessing preprocessing;

	private final Dataset dataset;

	private final List<String> classNames;

	private final ModelSettings settings;

	private final OnnxClassifier classifier;

	private final MicroBatcher batcher;

	private final Map<Split, SplitWork> predictions = new EnumMap<>(Split.class);

	private final Loading<Evaluation> evaluation;

	private volatile boolean closing;

	Model(String id, ModelFile file, ModelDescriptor descriptor, Preprocessing preprocessing, Dataset dataset,
			List<String> classNames, ModelSettings settings, OnnxClassifier classifier, Predictor predictor,
			MeterRegistry meters) {
		this.id = id;
		this.file = file;
		this.descriptor = descriptor;
		this.preprocessing = preprocessing;
		this.dataset = dataset;
		this.classNames = List.copyOf(classNames);
		this.settings = settings;
		this.classifier = classifier;
		for (Split split : Split.values()) {
			this.predictions.put(split, new SplitWork(dataset.split(split), predictor));
		}
		this.evaluation = Loading.deferred("model-evaluation",
				() -> published(Evaluation.of(this.predictions.get(Split.TEST).loading.get(), this.classNames), meters));
		this.batcher = new MicroBatcher(classifier, settings.maxBatchSize(), settings.workers(),
				settings.queueCapacity(), settings.maxQueueTime(), settings.retryAfter(), meters, id);
	}

	/**
	 * Publishes the evaluation's accuracy as the gauge {@code fmnist.model.accuracy} (tagged with the model and
	 * the split), before anyone waiting for the evaluation sees it: there is no such gauge until the figure is known.
	 */
	private Evaluation published(Evaluation evaluation, MeterRegistry meters) {
		Gauge.builder("fmnist.model.accuracy", evaluation, Evaluation::accuracy)
			.description("Accuracy of the model on the split it was evaluated on, once the evaluation is done")
			.tag("model", this.id)
			.tag("split", evaluation.split())
			.strongReference(true)
			.register(meters);
		return evaluation;
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

	/**
	 * What decides the model's answers besides its input: the file and the preprocessing it is given. A stored
	 * image's prediction is the same bytes every time, whatever the requests it was batched with, so answers
	 * made from predictions can have strong entity tags made with this.
	 */
	public String version() {
		CRC32 preprocessing = new CRC32();
		preprocessing.update(this.preprocessing.settings().toString().getBytes(StandardCharsets.UTF_8));
		return this.file.sha256().substring(0, 16) + "." + Long.toHexString(preprocessing.getValue());
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
		return this.dataset.id();
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

	/** Starts predicting every image of {@code split}, unless it has started. */
	public void startPredictions(Split split) {
		this.predictions.get(split).loading.begin();
	}

	/**
	 * The predictions for every image of {@code split}, started if need be and waited for at most
	 * {@code wait}.
	 * @throws PredictionsPendingException if they are not done by then
	 */
	public SplitPredictions predictions(Split split, Duration wait) {
		SplitWork work = this.predictions.get(split);
		return work.loading.get(wait).orElseThrow(() -> work.pending(this.id));
	}

	/** Runs {@code action} with the predictions for {@code split} once they are done, or with their failure. */
	public void whenPredicted(Split split, Consumer<SplitPredictions> action, Consumer<Throwable> failure) {
		Loading<SplitPredictions> loading = this.predictions.get(split).loading;
		loading.whenLoaded(action);
		loading.whenFailed(failure);
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
		this.predictions.values().forEach((work) -> work.loading.settle());
		this.batcher.close();
		this.classifier.close();
	}

	/** Predicts every image of a split, counting the images done, until told to stop. */
	@FunctionalInterface
	interface Predictor {

		SplitPredictions predict(SplitData split, BooleanSupplier stopped, AtomicInteger progress);

	}

	/** The predictions of one split: the work, and how far it has come. */
	private final class SplitWork {

		private final SplitData split;

		private final AtomicInteger done = new AtomicInteger();

		private final Loading<SplitPredictions> loading;

		private volatile long startNanos;

		SplitWork(SplitData split, Predictor predictor) {
			this.split = split;
			this.loading = Loading.deferred("model-predictions-" + split.split().id(), () -> {
				this.startNanos = System.nanoTime();
				return predictor.predict(split, () -> Model.this.closing, this.done);
			});
		}

		/** Still running: says how far, and when the rest should be done at the pace so far (at least 1 s). */
		PredictionsPendingException pending(String model) {
			int done = this.done.get();
			long elapsed = System.nanoTime() - this.startNanos;
			long remainingNanos = (done > 0) ? elapsed / done * (this.split.size() - done) : TimeUnit.SECONDS.toNanos(5);
			Duration retryAfter = Duration.ofNanos(Math.max(remainingNanos, TimeUnit.SECONDS.toNanos(1)));
			return new PredictionsPendingException("Model " + model + " is still predicting the " + this.split.split().id()
					+ " split (" + done + " of " + this.split.size() + " images done).", retryAfter);
		}

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
