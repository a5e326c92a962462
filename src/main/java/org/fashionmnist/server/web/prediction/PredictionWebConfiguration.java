package org.fashionmnist.server.web.prediction;

import org.fashionmnist.server.web.http.ApiPaths;

import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** A prediction's media type is checked before anything else about the request ({@link PredictionMediaTypes}). */
@Configuration(proxyBeanMethods = false)
class PredictionWebConfiguration implements WebMvcConfigurer {

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(new PredictionMediaTypes()).addPathPatterns(ApiPaths.PREDICTIONS, ApiPaths.SALIENCY).order(Ordered.HIGHEST_PRECEDENCE);
	}

}
