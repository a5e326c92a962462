package org.fashionmnist.server.web.http;

import java.util.List;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.format.FormatterRegistry;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.filter.CorsFilter;
import org.springframework.web.servlet.config.annotation.ContentNegotiationConfigurer;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * How every endpoint reads requests and writes answers: the {@code Accept} header read leniently (here and for actuator), values in their one documented form and
 * parameters given once, and {@code OPTIONS} answers without an empty {@code Accept-Patch}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CorsProperties.class)
class HttpConfiguration implements WebMvcConfigurer {

	@Override
	public void configureContentNegotiation(ContentNegotiationConfigurer configurer) {
		configurer.strategies(List.of(new LenientAcceptHeader()));
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(new SingleValuedParameters());
	}

	/** Strict list elements and booleans ({@link StrictValues}); registered once rather than per request. */
	@Override
	public void addFormatters(FormatterRegistry registry) {
		StrictValues.registerConverters(registry);
	}

	/** Actuator's endpoints read {@code Accept} as the rest of the API does: {@link ActuatorAcceptHeader}. */
	@Bean
	FilterRegistrationBean<ActuatorAcceptHeader> actuatorAcceptHeader() {
		FilterRegistrationBean<ActuatorAcceptHeader> registration = new FilterRegistrationBean<>(new ActuatorAcceptHeader());
		registration.addUrlPatterns("/actuator/*");
		return registration;
	}

	/**
	 * CORS for every API path ({@link CorsProperties}), as the first filter: the fast paths answer without
	 * Spring MVC, so its own CORS handling would miss their responses; preflights are answered here.
	 */
	@Bean
	@ConditionalOnProperty(name = "fmnist.web.cors.enabled", matchIfMissing = true)
	FilterRegistrationBean<CorsFilter> corsFilter(CorsProperties properties) {
		CorsConfiguration cors = new CorsConfiguration();
		properties.allowedOrigins().forEach(cors::addAllowedOriginPattern);
		cors.setAllowedMethods(properties.allowedMethods());
		cors.setAllowedHeaders(properties.allowedHeaders());
		cors.setExposedHeaders(properties.exposedHeaders());
		cors.setMaxAge(properties.maxAge());
		cors.setAllowCredentials(false);
		UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
		CorsProperties.PATHS.forEach((path) -> source.registerCorsConfiguration(path, cors));
		FilterRegistrationBean<CorsFilter> registration = new FilterRegistrationBean<>(new CorsFilter(source));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		return registration;
	}

	/** {@code OPTIONS} answers without the empty {@code Accept-Patch} Spring MVC gives them. */
	@Bean
	FilterRegistrationBean<EmptyAcceptPatch> noEmptyAcceptPatch() {
		return new FilterRegistrationBean<>(new EmptyAcceptPatch());
	}

}
