package org.fashionmnist.server.web.tomcat;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Tomcat's connector, changed where its defaults do not fit this service: connections that cost little
 * while they wait and cannot be held open for long ({@link DrainingHttp11NioProtocol}'s endpoint), larger
 * socket writes, encoded slashes passed to the application, a graceful shutdown that answers every request
 * it receives, a readiness that says when the connector is full, and a second, small connector for the
 * health probes. Its limits (threads, connections, timeouts, keep-alive) are Spring Boot properties, in
 * {@code application.yml}.
 */
@Configuration(proxyBeanMethods = false)
class TomcatConfiguration {

	/**
	 * Tomcat sends every response through a per-connection buffer of 8 KiB by default, one write
	 * system call per 8 KiB: 26 for a 200 KB uint8 batch, 100 for a float32 one. With 64 KiB a batch
	 * cost about a third less server CPU under wrk. A connection holds it only while it is being answered
	 * ({@link LentSocketBuffers}), so its size does not bound {@code server.tomcat.max-connections}.
	 * 256 KiB, one write for a whole 200 KB batch, measured some 15% less CPU per batch again, at 4x the
	 * memory of each buffer in use (one per busy thread).
	 */
	static final int SOCKET_WRITE_BUFFER = 64 * 1024;

	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> largerSocketWrites() {
		return (factory) -> factory.addConnectorCustomizers((connector) -> {
			if (connector.getProtocolHandler() instanceof DrainingHttp11NioProtocol protocol) {
				protocol.setWriteBufferSize(SOCKET_WRITE_BUFFER);
			}
		});
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

	/** A graceful shutdown answers every request that reaches it, and idle connections cost little: see {@link DrainingHttp11NioProtocol}. */
	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> answerEveryRequestWhileShuttingDown() {
		return (factory) -> factory.setProtocol(DrainingHttp11NioProtocol.class.getName());
	}

	/** Request bodies must arrive at {@code fmnist.connections.min-body-rate}: see {@link BodyRate}. */
	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> bodiesAtAMinimumRate(ConnectionProperties connections) {
		return (factory) -> factory.addConnectorCustomizers((connector) -> {
			if (connector.getProtocolHandler() instanceof DrainingHttp11NioProtocol protocol) {
				protocol.setMinBodyRate(connections.minBodyRate().toBytes());
			}
		});
	}

	/** Readiness reports the main connector full: {@link ConnectionsHealthIndicator}. */
	@Bean
	ConnectionsHealthIndicator connectionsHealthIndicator() {
		return new ConnectionsHealthIndicator();
	}

	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> mainConnectorWatchedForReadiness(ConnectionsHealthIndicator connections) {
		return (factory) -> factory.addConnectorCustomizers(connections::watch);
	}

	/** A port of its own for the health probes, when {@code fmnist.probes.port} is set: {@link ProbeConnector}. */
	@Bean
	ProbeConnector probeConnector(ProbeConnectorProperties probes, ConnectionProperties connections) {
		return new ProbeConnector(probes, connections.minBodyRate().toBytes());
	}

}
