package org.fashionmnist.server.api;

import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;

import org.fashionmnist.server.dataset.DatasetCatalog;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.web.filter.ShallowEtagHeaderFilter;
import org.springframework.web.servlet.config.annotation.ContentNegotiationConfigurer;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * How HTTP is spoken: JSON compression with correct entity tags, parameters given once, the image fast
 * path, how Tomcat treats odd paths, and how it stops.
 */
@Configuration(proxyBeanMethods = false)
class WebConfiguration implements WebMvcConfigurer {

	private final JsonMapper jsonMapper;

	WebConfiguration(JsonMapper jsonMapper) {
		this.jsonMapper = jsonMapper;
	}

	@Override
	public void extendMessageConverters(List<HttpMessageConverter<?>> converters) {
		converters.replaceAll((converter) -> (converter.getClass() == JacksonJsonHttpMessageConverter.class)
				? new GzipJsonHttpMessageConverter(this.jsonMapper) : converter);
	}

	@Override
	public void configureContentNegotiation(ContentNegotiationConfigurer configurer) {
		configurer.strategies(List.of(new LenientAcceptHeader()));
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(new SingleValuedParameters());
	}

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
		registration.addUrlPatterns("/api/v1/datasets/*");
		// Before every other filter: a request it answers needs none of them.
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		return registration;
	}

	/**
	 * The OpenAPI document (74 KB) changes only with a new build, so clients that cache it can revalidate it
	 * for a 304. springdoc gives it no tag; this one hashes the body. It is weak: Tomcat compresses the
	 * document (to 12 KB) only when its tag is weak, since a strong one would have to differ per encoding.
	 */
	@Bean
	FilterRegistrationBean<ShallowEtagHeaderFilter> openApiDocumentTag() {
		ShallowEtagHeaderFilter filter = new ShallowEtagHeaderFilter();
		filter.setWriteWeakETag(true);
		FilterRegistrationBean<ShallowEtagHeaderFilter> registration = new FilterRegistrationBean<>(filter);
		registration.addUrlPatterns("/v3/api-docs", "/v3/api-docs/*", "/v3/api-docs.yaml");
		return registration;
	}

	/** Actuator's endpoints read {@code Accept} as the rest of the API does: {@link ActuatorAcceptHeader}. */
	@Bean
	FilterRegistrationBean<ActuatorAcceptHeader> actuatorAcceptHeader() {
		FilterRegistrationBean<ActuatorAcceptHeader> registration = new FilterRegistrationBean<>(new ActuatorAcceptHeader());
		registration.addUrlPatterns("/actuator/*");
		return registration;
	}

	/** A failed precondition on the gallery's files is a problem: {@link GalleryPreconditions}. */
	@Bean
	FilterRegistrationBean<GalleryPreconditions> galleryPreconditions() {
		FilterRegistrationBean<GalleryPreconditions> registration = new FilterRegistrationBean<>(new GalleryPreconditions());
		registration.addUrlPatterns("/", "/index.html", "/js/*", "/css/*");
		return registration;
	}

	/** {@code OPTIONS} answers without the empty {@code Accept-Patch} Spring MVC gives them. */
	@Bean
	FilterRegistrationBean<EmptyAcceptPatch> noEmptyAcceptPatch() {
		return new FilterRegistrationBean<>(new EmptyAcceptPatch());
	}

	/**
	 * Tomcat rejects an encoded slash ({@code %2F}) in a path with a bare HTML 400 before the application
	 * sees it. Passing it through lets such a name reach the controllers, which answer with a problem
	 * (for example a file name like {@code ..%2F..%2Fetc%2Fpasswd} is simply not one of the files).
	 */
	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> encodedSlashesReachTheApplication() {
		return (factory) -> factory.addConnectorCustomizers((connector) -> {
			connector.setEncodedSolidusHandling("passthrough");
			connector.setEncodedReverseSolidusHandling("passthrough");
		});
	}

	/**
	 * Tomcat's own errors as problems ({@link ProblemErrorReportValve}), in place of the HTML error report
	 * valve on the host, which Spring Boot adds before this runs and Tomcat would add when none is named.
	 */
	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemsForTomcatsOwnErrors() {
		return (factory) -> factory.addContextCustomizers((context) -> {
			if (context.getParent() instanceof StandardHost host) {
				for (Valve valve : host.getPipeline().getValves()) {
					if (valve instanceof ErrorReportValve) {
						host.getPipeline().removeValve(valve);
					}
				}
				host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
				host.getPipeline().addValve(new ProblemErrorReportValve());
			}
		});
	}

	/** A graceful shutdown answers every request that reaches it: see {@link DrainingHttp11NioProtocol}. */
	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> answerEveryRequestWhileShuttingDown() {
		return (factory) -> factory.setProtocol(DrainingHttp11NioProtocol.class.getName());
	}

}
