package org.fashionmnist.server.api;

import java.util.List;

import org.springframework.context.annotation.Configuration;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Registers the converter that streams tensor responses. */
@Configuration(proxyBeanMethods = false)
class TensorWebConfiguration implements WebMvcConfigurer {

	@Override
	public void extendMessageConverters(List<HttpMessageConverter<?>> converters) {
		converters.add(0, new TensorPayloadHttpMessageConverter());
	}

}
