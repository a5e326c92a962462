package org.fashionmnist.server.web.gallery;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** How the gallery's static files are answered beyond Spring Boot's defaults. */
@Configuration(proxyBeanMethods = false)
class GalleryConfiguration {

	/** A failed precondition on the gallery's files is a problem: {@link GalleryPreconditions}. */
	@Bean
	FilterRegistrationBean<GalleryPreconditions> galleryPreconditions() {
		FilterRegistrationBean<GalleryPreconditions> registration = new FilterRegistrationBean<>(new GalleryPreconditions());
		registration.addUrlPatterns("/", "/index.html", "/js/*", "/css/*");
		return registration;
	}

}
