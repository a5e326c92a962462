package org.fashionmnist.server.web.tomcat;

import java.util.Map;

import org.apache.catalina.connector.Connector;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * A second connector, on a port of its own ({@code fmnist.probes.port}), with its own few threads and
 * connections, for the platform's health probes. Its purpose is that a probe is answered while the main
 * connector is saturated: with every connection the main one may hold taken, or every thread busy, its
 * queue is not this one's. It serves {@code /actuator} and {@code /v2/health} and nothing else
 * ({@link ProbeConnectorValve}); the same endpoints stay on the main port, where outside clients call them.
 * It keeps answering during a graceful shutdown ({@link ProbeHttp11NioProtocol}).
 * <p>
 * Rather than Spring Boot's management port ({@code management.server.port}), which would move the
 * actuator off the main port, where the HTTP contract has it.
 * <p>
 * The port it listens on is published as {@code local.probes.port}, as Spring Boot publishes the main
 * one's as {@code local.server.port} (useful with port 0).
 */
final class ProbeConnector
		implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, ApplicationListener<WebServerInitializedEvent> {

	/** The property that holds the port the probe connector listens on, once it does. */
	static final String LOCAL_PORT_PROPERTY = "local.probes.port";

	/** A probe sends its request at once: a connection that has not within this is not a probe. */
	static final int CONNECTION_TIMEOUT_MILLIS = 5_000;

	private final ProbeConnectorProperties properties;

	private final long minBodyRate;

	private volatile @Nullable Connector connector;

	ProbeConnector(ProbeConnectorProperties properties, long minBodyRate) {
		this.properties = properties;
		this.minBodyRate = minBodyRate;
	}

	@Override
	public void customize(TomcatServletWebServerFactory factory) {
		Integer port = this.properties.port();
		if (port == null) {
			return;
		}
		Connector connector = new Connector(ProbeHttp11NioProtocol.class.getName());
		connector.setPort(port);
		ProbeHttp11NioProtocol protocol = (ProbeHttp11NioProtocol) connector.getProtocolHandler();
		if (factory.getAddress() != null) {
			protocol.setAddress(factory.getAddress());
		}
		protocol.setMaxThreads(this.properties.threads());
		protocol.setMinSpareThreads(1);
		protocol.setMaxConnections(this.properties.maxConnections());
		protocol.setConnectionTimeout(CONNECTION_TIMEOUT_MILLIS);
		protocol.setKeepAliveTimeout(CONNECTION_TIMEOUT_MILLIS);
		protocol.setMinBodyRate(this.minBodyRate);
		factory.addAdditionalConnectors(connector);
		factory.addContextValves(new ProbeConnectorValve(connector));
		this.connector = connector;
	}

	@Override
	public void onApplicationEvent(WebServerInitializedEvent event) {
		Connector started = this.connector;
		if (started != null && started.getLocalPort() > 0
				&& event.getApplicationContext().getEnvironment() instanceof ConfigurableEnvironment environment) {
			environment.getPropertySources()
				.addFirst(new MapPropertySource(LOCAL_PORT_PROPERTY, Map.of(LOCAL_PORT_PROPERTY, started.getLocalPort())));
		}
	}

}
