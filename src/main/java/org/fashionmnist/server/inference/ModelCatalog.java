package org.fashionmnist.server.inference;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.fashionmnist.server.dataset.DatasetCatalog;
import org.fashionmnist.server.inference.ModelProperties.ModelSettings;

import org.springframework.stereotype.Component;

/**
 * The models this server serves, loaded and evaluated while the application starts: the web server
 * does not listen, and readiness never turns UP, before every configured model answered for the whole
 * test split. Closing the catalog (when the application stops) closes every ONNX Runtime session.
 */
@Component
public class ModelCatalog implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(ModelCatalog.class);

	/** The id of the bundled model. */
	public static final String BASELINE = "baseline";

	private final List<Model> models;

	public ModelCatalog(ModelProperties properties, DatasetCatalog datasets, JsonMapper json, MeterRegistry meters) {
		ModelLoader loader = new ModelLoader(datasets, json, meters);
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
		this.models = List.copyOf(loaded);
	}

	private static Model load(ModelLoader loader, String id, ModelSettings settings) {
		long start = System.nanoTime();
		Model model = loader.load(id, settings);
		logger.info("Loaded model {} from {} ({} parameters, sha256 {}) and evaluated it on {} {} images in {} ms: "
				+ "accuracy {}", id, settings.path().toAbsolutePath().normalize(), model.parameters(),
				model.file().sha256(), model.evaluation().size(), model.evaluation().split(),
				(System.nanoTime() - start) / 1_000_000, String.format("%.4f", model.evaluation().accuracy()));
		return model;
	}

	public List<Model> all() {
		return this.models;
	}

	public Optional<Model> find(String id) {
		return this.models.stream().filter((model) -> model.id().equals(id)).findFirst();
	}

	@Override
	public void close() {
		for (Model model : this.models) {
			try {
				model.close();
			}
			catch (RuntimeException ex) {
				logger.warn("Closing model {} failed", model.id(), ex);
			}
		}
	}

}
