package org.fashionmnist.server.web.tomcat;

import java.util.concurrent.Executor;

import org.apache.catalina.connector.Connector;
import org.apache.coyote.AbstractProtocol;
import org.apache.tomcat.util.threads.ThreadPoolExecutor;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Whether the main connector has room for more clients, for the readiness group: out of service once its
 * open connections reach {@value #BUSY_SHARE} of {@code server.tomcat.max-connections}, so that a balancer
 * sends new clients to another instance before this one has to leave them waiting in the listen backlog.
 * Its details say why: the open connections, their limit, and the busy threads. It says nothing of
 * liveness: a flood of connections is no reason to restart the process.
 */
final class ConnectionsHealthIndicator implements HealthIndicator {

	/** The share of {@code max-connections} at which the instance reports itself busy. */
	static final double BUSY_SHARE = 0.9;

	private volatile @Nullable Connector connector;

	/** The connector to report on: the main one, as Spring Boot configures it. */
	void watch(Connector connector) {
		this.connector = connector;
	}

	@Override
	public Health health() {
		Connector watched = this.connector;
		if (watched == null || !(watched.getProtocolHandler() instanceof AbstractProtocol<?> protocol)) {
			return Health.unknown().build();
		}
		long open = protocol.getConnectionCount();
		int max = protocol.getMaxConnections();
		Health.Builder health;
		if (max > 0 && open >= BUSY_SHARE * max) {
			health = Health.outOfService()
				.withDetail("reason", "busy: " + open + " connections open of the " + max + " this instance holds");
		}
		else {
			health = Health.up();
		}
		health.withDetail("connections", open).withDetail("maxConnections", max);
		Executor executor = protocol.getExecutor();
		if (executor instanceof ThreadPoolExecutor threads) {
			health.withDetail("busyThreads", threads.getActiveCount()).withDetail("maxThreads", threads.getMaximumPoolSize());
		}
		return health.build();
	}

}
