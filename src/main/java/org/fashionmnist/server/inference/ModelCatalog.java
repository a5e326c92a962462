package org.fashionmnist.server.inference;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.fashionmnist.server.dataset.DatasetCatalog;
import org.fashionmnist.server.dataset.Loading;
import org.fashionmnist.server.dataset.Split;
import org.fashionmnist.server.inference.ModelProperties.ModelSettings;

import org.springframework.beans.factory.BeanInitializationException;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * The models this server serves, loaded while the application starts: on a thread of their own from the
 * moment the catalog is created (after the data they are checked on), beside the creation of the
 * application's other beans, and awaited before the web server starts. The web server does not listen,
 * and readiness never turns UP, before every configured model has answered for a first batch of test
 * images. Their evaluations on the whole test split (a few seconds of a core each) start once the
 * application is ready ({@link #startEvaluations}), so that they do not compete with the start-up itself,
 * and the predictions for the train split follow; whoever asks for one first waits for it. Closing the catalog (when the application stops) closes every
 * ONNX Runtime session.
 */
public class ModelCatalog implements SmartInitializingSingleton, AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(ModelCatalog.class);

	/** The id of the bundled model. */
	public static final String BASELINE = "baseline";

	private final ModelProperties properties;

	private final DatasetCatalog datasets;

	/** Gathers the models' meters until {@link #bindTo} names the application's registry. */
	private final CompositeMeterRegistry meters = new CompositeMeterRegistry();

	private final Loading<List<Model>> models;

	/** Starts loading and evaluating the models {@code properties} describe, once {@code datasets} loaded. */
	public ModelCatalog(ModelProperties properties, DatasetCatalog datasets) {
		this.properties = properties;
		this.datasets = datasets;
		this.models = Loading.start("model-loading", () -> loadAll(properties, new ModelLoader(datasets, this.meters)));
	}

	/** Publishes the models' meters (queue, rejections, accuracy) in {@code registry}, those registered so far included. */
	public void bindTo(MeterRegistry registry) {
		this.meters.add(registry);
	}

	/** Which models these are. */
	public ModelProperties properties() {
		return this.properties;
	}

	/** The data they are evaluated on. */
	public DatasetCatalog datasets() {
		return this.datasets;
	}

	private static List<Model> loadAll(ModelProperties properties, ModelLoader loader) {
		List<Model> loaded = new ArrayList<>();
		try {
			for (Map.Entry<String, ModelSettings> entry : properties.models().entrySet()) {
				if (entry.getValue().enabled()) {
					loaded.add(load(loader, entry.getKey(), entry.getValue()));
				}
			}
		}
		catch (RuntimeException ex) {
			loaded.forEach(Model::close);
			throw ex;
		}
		loaded.sort(Comparator.comparing(Model::id));
		return List.copyOf(loaded);
	}

	/**
	 * Starts evaluating every model on its test split, each on a thread of its own, then predicting its train
	 * split (for browsing by prediction), and logs the results.
	 */
	public void startEvaluations() {
		for (Model model : all()) {
			long start = System.nanoTime();
			model.whenEvaluated((evaluation) -> {
				logEvaluated(model, evaluation, System.nanoTime() - start);
				long trainStart = System.nanoTime();
				model.whenPredicted(Split.TRAIN, (predictions) -> logPredicted(model, predictions, System.nanoTime() - trainStart),
						failed(model));
				model.startPredictions(Split.TRAIN);
			}, failed(model));
			model.startEvaluation();
		}
	}

	// The start-up lines carry their figures also as key-value pairs, which structured logging writes as fields
	// of their own (nested at the dots) and the plain console pattern leaves out.

	private static void logEvaluated(Model model, Evaluation evaluation, long nanos) {
		logger.atInfo()
			.addKeyValue("model.id", model.id())
			.addKeyValue("evaluation.split", evaluation.split())
			.addKeyValue("evaluation.images", evaluation.size())
			.addKeyValue("evaluation.accuracy", evaluation.accuracy())
			.addKeyValue("event.duration", nanos)
			.log("Evaluated model {} on {} {} images in {} ms: accuracy {}", model.id(), evaluation.size(), evaluation.split(),
					nanos / 1_000_000, String.format("%.4f", evaluation.accuracy()));
	}

	private static void logPredicted(Model model, SplitPredictions predictions, long nanos) {
		logger.atInfo()
			.addKeyValue("model.id", model.id())
			.addKeyValue("prediction.split", predictions.split().split().id())
			.addKeyValue("prediction.images", predictions.size())
			.addKeyValue("event.duration", nanos)
			.log("Predicted model {} on {} train images in {} ms", model.id(), predictions.size(), nanos / 1_000_000);
	}

	private static Consumer<Throwable> failed(Model model) {
		return (failure) -> {
			if (failure instanceof CancellationException) {
				logger.debug("Stopped evaluating model {}: it was closed", model.id());
			}
			else {
				logger.error("Evaluating model {} failed", model.id(), failure);
			}
		};
	}

	/** Waits for the models: one that failed to load fails the application's start here. */
	@Override
	public void afterSingletonsInstantiated() {
		try {
			this.models.get();
		}
		catch (RuntimeException ex) {
			throw new BeanInitializationException("Could not load the models", ex);
		}
	}

	private static Model load(ModelLoader loader, String id, ModelSettings settings) {
		long start = System.nanoTime();
		Model model = loader.load(id, settings);
		long nanos = System.nanoTime() - start;
		logger.atInfo()
			.addKeyValue("model.id", id)
			.addKeyValue("model.source", model.file().location().toString())
			.addKeyValue("model.parameters", model.parameters())
			.addKeyValue("model.sha256", model.file().sha256())
			.addKeyValue("event.duration", nanos)
			.log("Loaded model {} from {} ({} parameters, sha256 {}) in {} ms", id, model.file().location(), model.parameters(),
					model.file().sha256(), nanos / 1_000_000);
		return model;
	}

	public List<Model> all() {
		return this.models.get();
	}

	public Optional<Model> find(String id) {
		return all().stream().filter((model) -> model.id().equals(id)).findFirst();
	}

	/**
	 * Closes every model; while they still load, waits for that first (a few seconds at most): a JVM that exits
	 * while the loading thread is inside ONNX Runtime crashes in native code instead of stopping.
	 */
	@Override
	public void close() {
		this.models.settle();
		this.models.whenLoaded(ModelCatalog::close);
	}

	private static void close(List<Model> models) {
		for (Model model : models) {
			try {
				model.close();
			}
			catch (RuntimeException ex) {
				logger.warn("Closing model {} failed", model.id(), ex);
			}
		}
	}

}
