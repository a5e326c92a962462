package org.fashionmnist.server.process;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Thousands of clients connect at once and keep their connections open, on the packaged jar with its
 * 256 MB heap and the image's {@code -XX:+ExitOnOutOfMemoryError}. A connection that is not being answered
 * holds a few KiB of heap, so the service takes them all ({@code server.tomcat.max-connections} is
 * 10,000), answers every one, and serves normally once they close. (With 74 KiB a connection, some 2,000
 * of them ended the process.) How fast is not the point; the guard only stops a hang.
 */
class ConnectionFloodIT {

	private static final int CONNECTIONS = 4_000;

	private static final Duration OPENING_GUARD = Duration.ofMinutes(1);

	private static final Duration HANG_GUARD = Duration.ofMinutes(2);

	@Test
	void thousandsOfConnectionsThatEachSendARequestAreAllAnswered() throws Exception {
		try (ServerProcess server = ServerProcess.start("connection-flood", List.of("-XX:+ExitOnOutOfMemoryError"), List.of())
			.awaitReady()) {
			List<SocketChannel> channels = open(server, CONNECTIONS);
			try {
				assertThat(channels).hasSize(CONNECTIONS);
				byte[] request = "GET /api/v1/datasets HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
				for (SocketChannel channel : channels) {
					channel.write(ByteBuffer.wrap(request));
				}

				assertThat(awaitAnswers(channels, HANG_GUARD)).as("connections answered with 200").isEqualTo(CONNECTIONS);
				assertThat(server.isAlive()).as("the service is still running:\n%s", server.logTail()).isTrue();
			}
			finally {
				for (SocketChannel channel : channels) {
					channel.close();
				}
			}

			HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
			HttpResponse<String> datasets = client.send(HttpRequest.newBuilder(server.uri("/api/v1/datasets"))
				.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
			assertThat(datasets.statusCode()).isEqualTo(200);
			assertThat(server.isAlive()).isTrue();
			assertThat(server.log()).doesNotContain("OutOfMemoryError");
		}
	}

	/**
	 * Opens {@code count} connections without blocking and returns those the kernel completed within the
	 * guard (past a server's backlog a connect would hang).
	 */
	private static List<SocketChannel> open(ServerProcess server, int count) throws IOException {
		List<SocketChannel> completed = new ArrayList<>();
		try (Selector selector = Selector.open()) {
			for (int i = 0; i < count; i++) {
				SocketChannel channel = SocketChannel.open();
				channel.configureBlocking(false);
				if (channel.connect(new InetSocketAddress("127.0.0.1", server.port()))) {
					completed.add(channel);
				}
				else {
					channel.register(selector, SelectionKey.OP_CONNECT);
				}
			}
			long deadline = System.nanoTime() + OPENING_GUARD.toNanos();
			while (!selector.keys().isEmpty() && System.nanoTime() < deadline) {
				selector.select(500);
				for (SelectionKey key : selector.selectedKeys()) {
					SocketChannel channel = (SocketChannel) key.channel();
					key.cancel();
					try {
						if (channel.finishConnect()) {
							completed.add(channel);
						}
					}
					catch (IOException ex) {
						channel.close(); // refused or reset: not completed
					}
				}
				selector.selectedKeys().clear();
				selector.selectNow(); // let cancelled keys go
			}
			for (SelectionKey key : selector.keys()) {
				key.channel().close();
			}
		}
		return completed;
	}

	/** Reads until every connection has a status line, or the guard runs out; returns how many are 200s. */
	private static int awaitAnswers(List<SocketChannel> channels, Duration guard) throws InterruptedException {
		List<SocketChannel> waiting = new ArrayList<>(channels);
		int answered = 0;
		ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
		long deadline = System.nanoTime() + guard.toNanos();
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
					if (new String(buffer.array(), 0, Math.min(read, 12), StandardCharsets.US_ASCII).equals("HTTP/1.1 200")) {
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
