package org.fashionmnist.server.web.tomcat;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The probe connector ({@link ProbeConnector}): a port of its own for the health probes, off unless a
 * port is given (the Docker image and the Kubernetes manifests give 8081).
 *
 * @param port the port, 0 for any free one; none (the default) for no probe connector
 * @param threads the threads that serve it
 * @param maxConnections the connections it holds at once; more wait in the listen backlog
 */
@ConfigurationProperties("fmnist.probes")
record ProbeConnectorProperties(@Nullable Integer port, @DefaultValue("4") int threads, @DefaultValue("100") int maxConnections) {

	ProbeConnectorProperties {
		if (port != null && (port < 0 || port > 65535)) {
			throw new IllegalArgumentException("fmnist.probes.port must be a port number (0 for any free one), not " + port);
		}
		if (threads < 1 || maxConnections < 1) {
			throw new IllegalArgumentException("fmnist.probes.threads and max-connections must be positive");
		}
	}

}
