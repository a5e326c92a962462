package org.fashionmnist.server;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.fashionmnist.server.dataset.DatasetCatalog;
import org.fashionmnist.server.dataset.DatasetProperties;
import org.fashionmnist.server.inference.ModelCatalog;
import org.fashionmnist.server.inference.ModelProperties;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts loading the data and the models as soon as the configuration is known, on threads of their own,
 * so that the few seconds they take overlap the framework's own start-up on the second core instead of
 * following it. {@link CatalogConfiguration} hands them to the application; nothing waits for them
 * before the web server starts. If the configuration cannot be read here, nothing starts early and the
 * usual property binding reports the problem.
 */
class CatalogHeadStart implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	private static final Logger logger = LoggerFactory.getLogger(CatalogHeadStart.class);

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		if (Boolean.getBoolean("spring.aot.processing")) {
			return;
		}
		Binder binder = Binder.get(context.getEnvironment());
		DatasetProperties datasetProperties;
		ModelProperties modelProperties;
		try {
			datasetProperties = binder.bindOrCreate("fmnist", DatasetProperties.class);
			modelProperties = binder.bindOrCreate("fmnist", ModelProperties.class);
		}
		catch (RuntimeException ex) {
			logger.debug("No head start: the configuration does not bind yet", ex);
			return;
		}
		DatasetCatalog datasets = new DatasetCatalog(datasetProperties);
		context.getBeanFactory().registerSingleton(Started.class.getName(), new Started(datasets, new ModelCatalog(modelProperties, datasets)));
	}

	/** The catalogs started early, and what they were started with. */
	record Started(DatasetCatalog datasets, ModelCatalog models) {
	}

}
