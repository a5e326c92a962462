package org.fashionmnist.server;

import io.micrometer.core.instrument.MeterRegistry;

import org.fashionmnist.server.dataset.DatasetCatalog;
import org.fashionmnist.server.dataset.DatasetProperties;
import org.fashionmnist.server.inference.ModelCatalog;
import org.fashionmnist.server.inference.ModelProperties;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

/**
 * The data and the models, the slow part of start-up. {@link CatalogHeadStart} begins loading them before
 * the framework has even read its configuration classes; the catalogs here are those it started, unless
 * the configuration changed since (a test's dynamic properties), in which case they start now.
 */
@Configuration(proxyBeanMethods = false)
class CatalogConfiguration {

	@Bean
	DatasetCatalog datasetCatalog(DatasetProperties properties, ObjectProvider<CatalogHeadStart.Started> headStart) {
		CatalogHeadStart.Started started = headStart.getIfAvailable();
		return (started != null && started.datasets().properties().equals(properties)) ? started.datasets()
				: new DatasetCatalog(properties);
	}

	@Bean
	ModelCatalog modelCatalog(ModelProperties properties, DatasetCatalog datasets, MeterRegistry meters,
			ObjectProvider<CatalogHeadStart.Started> headStart) {
		CatalogHeadStart.Started started = headStart.getIfAvailable();
		ModelCatalog models = (started != null && started.models().datasets() == datasets
				&& started.models().properties().equals(properties)) ? started.models() : new ModelCatalog(properties, datasets);
		models.bindTo(meters);
		return models;
	}

	/** The models' evaluations take a core for a few seconds each: not before start-up is over. */
	@EventListener(ApplicationReadyEvent.class)
	void evaluateModels(ApplicationReadyEvent event) {
		event.getApplicationContext().getBean(ModelCatalog.class).startEvaluations();
	}

}
