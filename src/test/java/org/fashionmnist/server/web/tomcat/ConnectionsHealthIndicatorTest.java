package org.fashionmnist.server.web.tomcat;

import org.apache.catalina.connector.Connector;
import org.apache.coyote.http11.Http11NioProtocol;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;

/** Readiness says the instance is busy once nine tenths of the connections it holds are open, and says so in its details. */
class ConnectionsHealthIndicatorTest {

	private final ConnectionsHealthIndicator indicator = new ConnectionsHealthIndicator();

	@Test
	void withRoomForMoreConnectionsTheInstanceIsReadyAndSaysHowFull() {
		this.indicator.watch(connector(899, 1000));

		Health health = this.indicator.health();

		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("connections", 899L).containsEntry("maxConnections", 1000);
	}

	@Test
	void nearlyFullItIsOutOfServiceAndSaysWhy() {
		this.indicator.watch(connector(900, 1000));

		Health health = this.indicator.health();

		assertThat(health.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
		assertThat(health.getDetails()).containsEntry("connections", 900L)
			.containsEntry("maxConnections", 1000)
			.containsEntry("reason", "busy: 900 connections open of the 1000 this instance holds");
	}

	@Test
	void beforeTheConnectorExistsItIsUnknown() {
		assertThat(this.indicator.health().getStatus()).isEqualTo(Status.UNKNOWN);
	}

	private static Connector connector(long open, int max) {
		Http11NioProtocol protocol = new Http11NioProtocol() {

			@Override
			public long getConnectionCount() {
				return open;
			}

		};
		protocol.setMaxConnections(max);
		return new Connector(protocol);
	}

}
