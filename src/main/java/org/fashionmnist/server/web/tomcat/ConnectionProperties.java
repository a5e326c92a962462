package org.fashionmnist.server.web.tomcat;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * What the connectors ask of clients beyond Spring Boot's {@code server.tomcat.*} limits.
 *
 * @param minBodyRate the slowest average rate, per second, at which a request body may arrive once
 * {@code server.tomcat.connection-timeout} has passed since the request began ({@link BodyRate}); 0 for no
 * limit
 */
@ConfigurationProperties("fmnist.connections")
record ConnectionProperties(@DefaultValue("16KB") DataSize minBodyRate) {

	ConnectionProperties {
		if (minBodyRate.toBytes() < 0) {
			throw new IllegalArgumentException("fmnist.connections.min-body-rate must not be negative");
		}
	}

}
