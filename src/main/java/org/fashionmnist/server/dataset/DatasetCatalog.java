package org.fashionmnist.server.dataset;

import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.BeanInitializationException;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * The datasets this server holds, loaded and verified when the application starts. Loading runs on a
 * thread of its own from the moment the catalog is created, beside the creation of the application's
 * other beans (see {@code CatalogConfiguration} for how it starts even earlier), and is awaited before the
 * web server starts: the application does not start, and so
 * never reports ready, unless every file loaded. A caller that comes earlier waits for it.
 */
public class DatasetCatalog implements SmartInitializingSingleton {

	private static final Logger logger = LoggerFactory.getLogger(DatasetCatalog.class);

	private final DatasetProperties properties;

	private final Loading<List<Dataset>> datasets;

	/** Starts loading the datasets {@code properties} describe. */
	public DatasetCatalog(DatasetProperties properties) {
		this.properties = properties;
		this.datasets = Loading.start("dataset-loading", () -> {
			long start = System.nanoTime();
			Dataset dataset = DatasetLoader.load(DatasetInfo.FASHION_MNIST, properties.dir(), properties.sha256());
			logLoaded(dataset, properties.dir(), System.nanoTime() - start);
			return List.of(dataset);
		});
	}

	/**
	 * One line, its figures also as key-value pairs, which structured logging writes as fields of their own
	 * (nested at the dots) and the plain console pattern leaves out.
	 */
	private static void logLoaded(Dataset dataset, FileLocation source, long nanos) {
		int train = dataset.split(Split.TRAIN).size();
		int test = dataset.split(Split.TEST).size();
		int files = dataset.files().size();
		logger.atInfo()
			.addKeyValue("dataset.id", dataset.id())
			.addKeyValue("dataset.source", source.toString())
			.addKeyValue("dataset.train.images", train)
			.addKeyValue("dataset.test.images", test)
			.addKeyValue("dataset.files.verified", files)
			.addKeyValue("event.duration", nanos)
			.log("Loaded {} from {} in {} ms: {} train and {} test images, SHA-256 of all {} files verified", dataset.id(),
					source, nanos / 1_000_000, train, test, files);
	}

	/** Waits for the data: a file that failed to load fails the application's start here. */
	@Override
	public void afterSingletonsInstantiated() {
		try {
			this.datasets.get();
		}
		catch (RuntimeException ex) {
			throw new BeanInitializationException("Could not load the datasets", ex);
		}
	}

	/** Where the data comes from. */
	public DatasetProperties properties() {
		return this.properties;
	}

	public List<Dataset> all() {
		return this.datasets.get();
	}

	public Optional<Dataset> find(String id) {
		return all().stream().filter((dataset) -> dataset.id().equals(id)).findFirst();
	}

}
