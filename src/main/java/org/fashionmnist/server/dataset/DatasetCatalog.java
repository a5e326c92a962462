package org.fashionmnist.server.dataset;

import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * The datasets this server holds, loaded and verified when the application starts. The application
 * does not start, and so never reports ready, unless every file loaded.
 */
@Component
public class DatasetCatalog {

	private static final Logger logger = LoggerFactory.getLogger(DatasetCatalog.class);

	private final List<Dataset> datasets;

	public DatasetCatalog(DatasetProperties properties) {
		long start = System.nanoTime();
		Dataset dataset = DatasetLoader.load(DatasetInfo.FASHION_MNIST, properties.dataDir(), properties.sha256());
		logger.info("Loaded {} from {} in {} ms: {} train and {} test images, SHA-256 of all {} files verified",
				dataset.id(), properties.dataDir().toAbsolutePath().normalize(), (System.nanoTime() - start) / 1_000_000,
				dataset.split(Split.TRAIN).size(), dataset.split(Split.TEST).size(), dataset.files().size());
		this.datasets = List.of(dataset);
	}

	public List<Dataset> all() {
		return this.datasets;
	}

	public Optional<Dataset> find(String id) {
		return this.datasets.stream().filter((dataset) -> dataset.id().equals(id)).findFirst();
	}

}
