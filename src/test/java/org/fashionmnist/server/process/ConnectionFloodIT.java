package org.fashionmnist.server.process;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Thousands of clients connect at once and keep their connections open, on the packaged jar with its
 * 256 MB heap and the image's {@code -XX:+ExitOnOutOfMemoryError}. Each open connection holds heap of its
 * own, so without a bound some 2,000 of them ended the process; with
 * {@code server.tomcat.max-connections} the service takes as many as it has room for, answers them, leaves
 * the rest waiting in the kernel, and serves normally once they close.
 */
class ConnectionFloodIT {

	private static final int CONNECTIONS = 4_000;

	private static final byte[] REQUEST = "GET /api/v1/datasets HTTP/1.1\r\nHost: localhost\r\n\r\n"
		.getBytes(StandardCharsets.US_ASCII);

	@Test
	void manyOpenConnectionsNeitherStopTheServiceNorOutliveTheirClose() throws Exception {
		try (ServerProcess server = ServerProcess.start("connection-flood", List.of("-XX:+ExitOnOutOfMemoryError"), List.of())
			.awaitReady()) {
			List<SocketChannel> channels = new ArrayList<>();
			try {
				for (int i = 0; i < CONNECTIONS; i++) {
					SocketChannel channel = SocketChannel.open();
					channels.add(channel);
					channel.configureBlocking(false);
					// Non-blocking: the kernel completes what the listen backlog admits, the rest stay pending.
					channel.connect(new InetSocketAddress("127.0.0.1", server.port()));
				}
				Thread.sleep(3_000);
				int sent = 0;
				for (SocketChannel channel : channels) {
					if (finished(channel)) {
						channel.write(ByteBuffer.wrap(REQUEST));
						sent++;
					}
				}
				int answered = awaitAnswers(channels, Duration.ofSeconds(20));

				assertThat(server.isAlive()).as("the service is still running:\n%s", server.logTail()).isTrue();
				assertThat(sent).as("connections the kernel completed").isGreaterThan(0);
				assertThat(answered).as("connections answered with 200 while all %d were open", CONNECTIONS)
					.isGreaterThanOrEqualTo(256);
			}
			finally {
				for (SocketChannel channel : channels) {
					channel.close();
				}
			}

			HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
			HttpResponse<String> health = client.send(HttpRequest.newBuilder(server.uri("/actuator/health"))
				.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
			assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
			HttpResponse<String> datasets = client.send(HttpRequest.newBuilder(server.uri("/api/v1/datasets"))
				.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
			assertThat(datasets.statusCode()).isEqualTo(200);
			assertThat(server.isAlive()).isTrue();
			assertThat(server.log()).doesNotContain("OutOfMemoryError");
		}
	}

	private static boolean finished(SocketChannel channel) {
		try {
			return channel.finishConnect();
		}
		catch (IOException ex) {
			return false; // refused or reset: the kernel turned it away, which is allowed
		}
	}

	/** Reads what the connections received until every one has its status line or time runs out. */
	private static int awaitAnswers(List<SocketChannel> channels, Duration timeout) throws InterruptedException {
		List<SocketChannel> waiting = new ArrayList<>();
		for (SocketChannel channel : channels) {
			if (channel.isConnected()) {
				waiting.add(channel);
			}
		}
		int answered = 0;
		ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!waiting.isEmpty() && System.nanoTime() < deadline) {
			List<SocketChannel> still = new ArrayList<>();
			for (SocketChannel channel : waiting) {
				buffer.clear();
				int read;
				try {
					read = channel.read(buffer);
				}
				catch (IOException ex) {
					continue; // reset: not answered
				}
				if (read > 0) {
					String start = new String(buffer.array(), 0, Math.min(read, 12), StandardCharsets.US_ASCII);
					if (start.equals("HTTP/1.1 200")) {
						answered++;
					}
				}
				else if (read == 0) {
					still.add(channel);
				}
			}
			waiting = still;
			Thread.sleep(100);
		}
		return answered;
	}

}
