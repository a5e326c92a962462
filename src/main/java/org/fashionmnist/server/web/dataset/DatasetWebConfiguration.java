package org.fashionmnist.server.web.dataset;

import io.micrometer.core.instrument.MeterRegistry;

import org.fashionmnist.server.dataset.DatasetCatalog;
import org.fashionmnist.server.web.http.ApiPaths;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** The image fast path, in front of {@link ImageController}. */
@Configuration(proxyBeanMethods = false)
class DatasetWebConfiguration {

	/**
	 * The controller-free path for single PNG images; {@code fmnist.web.image-fast-path=false} turns it off.
	 * (Read when the application starts, not as a condition: an ahead-of-time processed build fixes
	 * conditions when it is built.)
	 */
	@Bean
	FilterRegistrationBean<ImageFastPath> imageFastPath(DatasetCatalog catalog, MeterRegistry meters,
			@Value("${fmnist.web.image-fast-path:true}") boolean enabled) {
		FilterRegistrationBean<ImageFastPath> registration = new FilterRegistrationBean<>(new ImageFastPath(catalog, meters));
		registration.setEnabled(enabled);
		registration.addUrlPatterns(ApiPaths.DATASETS + "/*");
		// Before every other filter: a request it answers needs none of them.
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1); // after CORS (HttpConfiguration)
		return registration;
	}

}
