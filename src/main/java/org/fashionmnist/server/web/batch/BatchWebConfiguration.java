package org.fashionmnist.server.web.batch;

import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;

import org.fashionmnist.server.batch.EpochPlanner;
import org.fashionmnist.server.batch.Equalization;
import org.fashionmnist.server.batch.Layout;
import org.fashionmnist.server.batch.Normalization;
import org.fashionmnist.server.batch.PixelType;
import org.fashionmnist.server.dataset.DatasetCatalog;
import org.fashionmnist.server.tensor.TensorFormat;
import org.fashionmnist.server.web.http.ApiPaths;
import org.fashionmnist.server.web.http.LenientEnumConverter;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.format.FormatterRegistry;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** How batch requests are read and tensor responses written. */
@Configuration(proxyBeanMethods = false)
class BatchWebConfiguration implements WebMvcConfigurer {

	@Override
	public void extendMessageConverters(List<HttpMessageConverter<?>> converters) {
		converters.add(0, new TensorPayloadHttpMessageConverter());
	}

	/** Case-insensitive batch options; registered once rather than per request in an init binder. */
	@Override
	public void addFormatters(FormatterRegistry registry) {
		registry.addConverter(String.class, Equalization.class, new LenientEnumConverter<>(Equalization.class));
		registry.addConverter(String.class, PixelType.class, new LenientEnumConverter<>(PixelType.class));
		registry.addConverter(String.class, Normalization.class, new LenientEnumConverter<>(Normalization.class));
		registry.addConverter(String.class, Layout.class, new LenientEnumConverter<>(Layout.class));
		registry.addConverter(String.class, TensorFormat.class, new LenientEnumConverter<>(TensorFormat.class));
	}

	/**
	 * The controller-free path for npz and safetensors batches; {@code fmnist.web.batch-fast-path=false}
	 * turns it off. (Read when the application starts, not as a condition: an ahead-of-time processed
	 * build fixes conditions when it is built.)
	 */
	@Bean
	FilterRegistrationBean<BatchFastPath> batchFastPath(DatasetCatalog catalog, EpochPlanner planner, ServedBatches served,
			MeterRegistry meters, @Value("${fmnist.web.batch-fast-path:true}") boolean enabled) {
		FilterRegistrationBean<BatchFastPath> registration = new FilterRegistrationBean<>(
				new BatchFastPath(catalog, planner, served, meters));
		registration.setEnabled(enabled);
		registration.addUrlPatterns(ApiPaths.DATASETS + "/*");
		// Right after the filters at the highest precedence (the image fast path and Spring Boot's character
		// encoding filter, which only sets the request's encoding): a request it answers needs no other.
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2); // after CORS and the image fast path
		return registration;
	}

}
