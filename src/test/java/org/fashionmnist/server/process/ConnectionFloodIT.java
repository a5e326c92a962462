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

	/** {@code server.tomcat.max-connections}. */
	private static final int MAX_CONNECTIONS = 512;

	/**
	 * Connections that must be answered while all are open: half of those the service takes, since the
	 * kernel may turn some away. How soon is not the point; the guard only stops a hang.
	 */
	private static final int ANSWERED = MAX_CONNECTIONS / 2;

	private static final Duration HANG_GUARD = Duration.ofMinutes(2);

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
				// As many as the service takes: it answers those, and the rest wait in the kernel.
				List<SocketChannel> completed = awaitCompleted(channels, MAX_CONNECTIONS, Duration.ofMinutes(1));
				for (SocketChannel channel : completed) {
					channel.write(ByteBuffer.wrap(REQUEST));
				}
				int answered = awaitAnswers(completed, ANSWERED, HANG_GUARD);

				assertThat(server.isAlive()).as("the service is still running:\n%s", server.logTail()).isTrue();
				assertThat(answered).as("connections answered with 200 while all %d were open (of %d the kernel completed)",
						CONNECTIONS, completed.size())
					.isGreaterThanOrEqualTo(ANSWERED);
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

	/**
	 * Waits until at least {@code enough} connections are complete (or the guard runs out, or nothing can
	 * change any more) and returns all those that are.
	 */
	private static List<SocketChannel> awaitCompleted(List<SocketChannel> channels, int enough, Duration guard)
			throws InterruptedException {
		long deadline = System.nanoTime() + guard.toNanos();
		while (true) {
			List<SocketChannel> completed = new ArrayList<>();
			for (SocketChannel channel : channels) {
				if (channel.isConnected() || (channel.isConnectionPending() && finished(channel))) {
					completed.add(channel);
				}
			}
			if (completed.size() >= enough || System.nanoTime() > deadline) {
				return completed;
			}
			Thread.sleep(100);
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

	/**
	 * Reads what the connections received until {@code enough} of them have a 200 status line, or none is
	 * left waiting, or the guard runs out; returns how many have one.
	 */
	private static int awaitAnswers(List<SocketChannel> channels, int enough, Duration guard) throws InterruptedException {
		List<SocketChannel> waiting = new ArrayList<>(channels);
		int answered = 0;
		ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
		long deadline = System.nanoTime() + guard.toNanos();
		while (!waiting.isEmpty() && answered < enough && System.nanoTime() < deadline) {
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
