package org.fashionmnist.server.api;

import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;

import org.fashionmnist.server.batch.EpochPlanner;
import org.fashionmnist.server.batch.Layout;
import org.fashionmnist.server.batch.Normalization;
import org.fashionmnist.server.batch.PixelType;
import org.fashionmnist.server.dataset.DatasetCatalog;
import org.fashionmnist.server.tensor.TensorFormat;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.format.FormatterRegistry;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** How batch requests are read and tensor responses written. */
@Configuration(proxyBeanMethods = false)
class TensorWebConfiguration implements WebMvcConfigurer {

	/**
	 * Tomcat sends every response through a per-connection buffer of 8 KiB by default, one write
	 * system call per 8 KiB: 26 for a 200 KB uint8 batch, 100 for a float32 one. With 64 KiB a batch
	 * cost about a third less server CPU under wrk. Every open connection holds this buffer, idle or
	 * not (Tomcat pools none with a heap of 2 GB or less): 56 KiB more than the default, which is why
	 * {@code server.tomcat.max-connections} is bounded (application.yml). 256 KiB, one write for a
	 * whole 200 KB batch, measured some 15% less CPU per batch again, but at 266 KiB a connection
	 * it would leave room for a quarter of the connections.
	 */
	static final int SOCKET_WRITE_BUFFER = 64 * 1024;

	@Override
	public void extendMessageConverters(List<HttpMessageConverter<?>> converters) {
		converters.add(0, new TensorPayloadHttpMessageConverter());
	}

	/**
	 * Case-insensitive batch options, and strict list elements and booleans ({@link StrictValues}); registered
	 * once rather than per request in an init binder.
	 */
	@Override
	public void addFormatters(FormatterRegistry registry) {
		StrictValues.registerConverters(registry);
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
	FilterRegistrationBean<BatchFastPath> batchFastPath(DatasetCatalog catalog, EpochPlanner planner, MeterRegistry meters,
			@Value("${fmnist.web.batch-fast-path:true}") boolean enabled) {
		FilterRegistrationBean<BatchFastPath> registration = new FilterRegistrationBean<>(new BatchFastPath(catalog, planner, meters));
		registration.setEnabled(enabled);
		registration.addUrlPatterns("/api/v1/datasets/*");
		// Right after the filters at the highest precedence (the image fast path and Spring Boot's character
		// encoding filter, which only sets the request's encoding): a request it answers needs no other.
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
		return registration;
	}

	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> largerSocketWrites() {
		return (factory) -> factory.addConnectorCustomizers(
				(connector) -> connector.setProperty("socket.appWriteBufSize", Integer.toString(SOCKET_WRITE_BUFFER)));
	}

}
