package org.fashionmnist.server.web.problem;

import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Problems for the errors Tomcat answers itself, before the application sees the request. */
@Configuration(proxyBeanMethods = false)
class ProblemConfiguration {

	/**
	 * Tomcat's own errors as problems ({@link ProblemErrorReportValve}), in place of the HTML error report
	 * valve on the host, which Spring Boot adds before this runs and Tomcat would add when none is named.
	 */
	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemsForTomcatsOwnErrors(ErrorDialects dialects) {
		return (factory) -> factory.addContextCustomizers((context) -> {
			if (context.getParent() instanceof StandardHost host) {
				for (Valve valve : host.getPipeline().getValves()) {
					if (valve instanceof ErrorReportValve) {
						host.getPipeline().removeValve(valve);
					}
				}
				host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
				host.getPipeline().addValve(new ProblemErrorReportValve(dialects));
			}
		});
	}

}
