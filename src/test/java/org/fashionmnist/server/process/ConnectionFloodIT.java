package org.fashionmnist.server.process;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
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
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Thousands of connections from one client, on the packaged jar with its 256 MB heap and the image's
 * {@code -XX:+ExitOnOutOfMemoryError}. A connection that is not being answered holds a few KiB of heap,
 * its request head has a deadline, and the health probes have a connector of their own, so:
 * <ul>
 * <li>with 4,000 connections that send nothing and 2,000 that send a request line and then a header line
 * every two seconds without ever ending their head (as slowloris does), normal requests (an image, a batch,
 * a prediction) and the liveness probe, on the main port and on the probe port, are all answered 200, the
 * connections are held rather than left in the listen backlog, the process stays up with no
 * {@code OutOfMemoryError}, and once they close everything is served as before;</li>
 * <li>4,000 connections that each send a request are all answered.</li>
 * </ul>
 * How fast is {@code bench/flood.sh}'s business (it prints the latencies, beside nginx's); here generous
 * timeouts only guard against a hang. The service runs with a head deadline longer than the test
 * ({@code connection-timeout}), so that the flood stays the size it was opened at however slowly a busy
 * machine opens it: that the deadlines close such connections is {@code SlowClientsHttpTest}'s to show.
 * Each request goes on a connection of its own, as a probe's does, so that none meets a kept-alive
 * connection the service is closing.
 */
class ConnectionFloodIT {

	private static final int IDLE = 4_000;

	private static final int SLOW = 2_000;

	private static final int ROUNDS = 5;

	private static final Duration OPENING_GUARD = Duration.ofMinutes(1);

	private static final Duration HANG_GUARD = Duration.ofMinutes(2);

	private static final String PNG = "/api/v1/datasets/fashion-mnist/splits/train/images/42.png";

	private static final String BATCH = "/api/v1/datasets/fashion-mnist/splits/train/batches/3?batchSize=256";

	private static final String PREDICTIONS = "/api/v1/models/baseline/predictions";

	private static final String STATUS_200 = "HTTP/1.1 200";

	private static final Pattern OPEN_CONNECTIONS = Pattern.compile("\"connections\":(\\d+)");

	/** Longer than the test: no connection of the flood is closed for being slow while it runs. */
	private static final String HEAD_DEADLINE = "--server.tomcat.connection-timeout=30m";

	private static ServerProcess server;

	private static byte[] picture;

	@BeforeAll
	static void start() throws Exception {
		server = ServerProcess.start("connection-flood", List.of("-XX:+ExitOnOutOfMemoryError"), List.of(HEAD_DEADLINE)).awaitReady();
		picture = send(get(server.uri("/api/v1/datasets/fashion-mnist/splits/test/images/0.png"))).body();
	}

	@AfterAll
	static void stop() {
		if (server != null) {
			server.close();
		}
	}

	@Test
	void idleAndSlowConnectionsStarveNeitherRequestsNorProbes() throws Exception {
		awaitOthersClosed();
		List<SocketChannel> idle = open(IDLE);
		List<SocketChannel> slow = new ArrayList<>();
		try {
			slow.addAll(open(SLOW));
			trickle(slow, "GET /api/v1/datasets HTTP/1.1\r\nHost: localhost\r\n");
			assertThat(idle).as("idle connections completed").hasSize(IDLE);
			assertThat(slow).as("slow connections completed").hasSize(SLOW);

			HttpResponse<byte[]> readiness = awaitHeld(IDLE + SLOW);
			assertThat(readiness.statusCode()).as(body(readiness)).isEqualTo(200);
			assertThat(openConnections(readiness)).as("connections the service holds (not left in its backlog): %s", body(readiness))
				.isGreaterThanOrEqualTo(IDLE + SLOW);
			for (int round = 0; round < ROUNDS; round++) {
				assertServed("while " + IDLE + " idle and " + SLOW + " slow connections are open, round " + round);
				trickle(slow, "X-Trickle-" + round + ": x\r\n");
				Thread.sleep(2_000);
			}
			assertThat(server.isAlive()).as("the service is still running:\n%s", server.logTail()).isTrue();
		}
		finally {
			close(idle);
			close(slow);
		}
		assertServed("after the flood");
		assertThat(server.isAlive()).isTrue();
		assertThat(server.log()).doesNotContain("OutOfMemoryError");
	}

	@Test
	void thousandsOfConnectionsThatEachSendARequestAreAllAnswered() throws Exception {
		awaitOthersClosed();
		List<SocketChannel> channels = open(IDLE);
		try {
			assertThat(channels).hasSize(IDLE);
			trickle(channels, "GET /api/v1/datasets HTTP/1.1\r\nHost: localhost\r\n\r\n");

			assertThat(awaitAnswers(channels, HANG_GUARD)).as("connections answered with 200").isEqualTo(IDLE);
		}
		finally {
			close(channels);
		}
		assertThat(server.isAlive()).as("the service is still running:\n%s", server.logTail()).isTrue();
		assertThat(server.log()).doesNotContain("OutOfMemoryError");
	}

	/** An image, a batch, a prediction and liveness on both ports, each answered 200. */
	private static void assertServed(String when) throws Exception {
		HttpRequest prediction = HttpRequest.newBuilder(server.uri(PREDICTIONS))
			.timeout(HANG_GUARD)
			.header("Content-Type", "image/png")
			.POST(HttpRequest.BodyPublishers.ofByteArray(picture))
			.build();
		for (HttpRequest request : List.of(get(server.uri(PNG)), get(server.uri(BATCH)), prediction,
				get(server.uri("/actuator/health/liveness")), get(server.probeUri("/actuator/health/liveness")))) {
			HttpResponse<byte[]> response = send(request);
			assertThat(response.statusCode()).as("%s %s %s: %s", request.method(), request.uri(), when, body(response)).isEqualTo(200);
		}
	}

	private static HttpRequest get(URI uri) {
		return HttpRequest.newBuilder(uri).timeout(HANG_GUARD).build();
	}

	/** Sends {@code request} on a new connection, as a probe does. */
	private static HttpResponse<byte[]> send(HttpRequest request) throws IOException, InterruptedException {
		HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(30)).build();
		return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
	}

	private static String body(HttpResponse<byte[]> response) {
		return new String(response.body(), 0, Math.min(response.body().length, 500), StandardCharsets.UTF_8);
	}

	/**
	 * Readiness on the probe port once it reports {@code count} open connections on the main one (Tomcat
	 * accepts what the kernel completed a moment later), or after the guard.
	 */
	private static HttpResponse<byte[]> awaitHeld(int count) throws Exception {
		long deadline = System.nanoTime() + OPENING_GUARD.toNanos();
		HttpResponse<byte[]> readiness = send(get(server.probeUri("/actuator/health/readiness")));
		while (openConnections(readiness) < count && System.nanoTime() < deadline) {
			Thread.sleep(500);
			readiness = send(get(server.probeUri("/actuator/health/readiness")));
		}
		return readiness;
	}

	/**
	 * Waits until the service has let go of the connections an earlier test closed (it closes each as it
	 * reads its end), so that a test's counts are its own; after the guard, the test goes on and says so.
	 */
	private static void awaitOthersClosed() throws Exception {
		long deadline = System.nanoTime() + OPENING_GUARD.toNanos();
		while (openConnections(send(get(server.probeUri("/actuator/health/readiness")))) > 100 && System.nanoTime() < deadline) {
			Thread.sleep(500);
		}
	}

	private static long openConnections(HttpResponse<byte[]> readiness) {
		Matcher matcher = OPEN_CONNECTIONS.matcher(body(readiness));
		return matcher.find() ? Long.parseLong(matcher.group(1)) : -1;
	}

	/**
	 * Opens {@code count} connections to the main port without blocking and returns those the kernel
	 * completed within the guard (past a server's backlog a connect would hang).
	 */
	private static List<SocketChannel> open(int count) throws IOException {
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

	/** Sends {@code text} on every connection that is still open (the server may have closed some). */
	private static void trickle(List<SocketChannel> channels, String text) {
		byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
		for (SocketChannel channel : channels) {
			try {
				channel.write(ByteBuffer.wrap(bytes));
			}
			catch (IOException ex) {
				// closed by the server: its head was overdue
			}
		}
	}

	/** Reads until every connection has a status line, or the guard runs out; returns how many are 200s. */
	private static int awaitAnswers(List<SocketChannel> channels, Duration guard) throws InterruptedException {
		Map<SocketChannel, ByteBuffer> waiting = new LinkedHashMap<>();
		for (SocketChannel channel : channels) {
			waiting.put(channel, ByteBuffer.allocate(STATUS_200.length()));
		}
		int answered = 0;
		long deadline = System.nanoTime() + guard.toNanos();
		while (!waiting.isEmpty() && System.nanoTime() < deadline) {
			for (Iterator<Map.Entry<SocketChannel, ByteBuffer>> i = waiting.entrySet().iterator(); i.hasNext();) {
				Map.Entry<SocketChannel, ByteBuffer> entry = i.next();
				ByteBuffer statusLine = entry.getValue();
				int read;
				try {
					read = entry.getKey().read(statusLine);
				}
				catch (IOException ex) {
					read = -1; // reset: not answered
				}
				if (!statusLine.hasRemaining()) {
					if (new String(statusLine.array(), StandardCharsets.US_ASCII).equals(STATUS_200)) {
						answered++;
					}
					i.remove();
				}
				else if (read < 0) {
					i.remove();
				}
			}
			Thread.sleep(100);
		}
		return answered;
	}

	private static void close(List<SocketChannel> channels) throws IOException {
		for (SocketChannel channel : channels) {
			channel.close();
		}
	}

}
