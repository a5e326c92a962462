package org.fashionmnist.server.process;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import tools.jackson.databind.json.JsonMapper;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SIGTERM, as {@code docker stop} and Kubernetes send it, while the service is busy: slow downloads of
 * the 47 MB train images, training batches and predictions in flight. Every request that was in
 * flight completes, byte for byte; new connections are refused while those still finish; the process
 * then exits within the graceful-shutdown timeout ({@code spring.lifecycle.timeout-per-shutdown-phase},
 * 30 s).
 * <p>
 * The downloads stop reading once they are in flight and go on only when a new connection was refused,
 * so they are in flight then however long the service takes to refuse (they do not race it, and how long
 * it takes is not asserted).
 */
class GracefulShutdownIT {

	private static final String SPLITS = "/api/v1/datasets/fashion-mnist/splits";

	private static final String IMAGES_NPY = SPLITS + "/train/images.npy";

	private static final String PREDICTIONS = "/api/v1/models/baseline/predictions";

	private static final int DOWNLOADS = 16;

	/** 6 MiB/s: 47 MB take about 8 s, so they are still running well after the signal. */
	private static final long DOWNLOAD_RATE = 6L << 20;

	private static final int LOOPS = 4;

	private static final int BATCHES = 8;

	private static final int IMAGES = 8;

	/** The shutdown phase's timeout, plus the rest of the shutdown (the model waits up to 5 s), plus slack. */
	private static final Duration EXIT_WITHIN = Duration.ofSeconds(45);

	private final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient client = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	@Test
	void sigtermCompletesRequestsInFlightRefusesNewConnectionsAndExits() throws Exception {
		try (ServerProcess server = ServerProcess.start("graceful-shutdown").awaitReady()) {
			References references = references(server);
			ExecutorService pool = Executors.newCachedThreadPool();
			try {
				CountDownLatch downloadsInFlight = new CountDownLatch(DOWNLOADS);
				CountDownLatch refusing = new CountDownLatch(1);
				List<Future<SlowDownload.Result>> downloads = new ArrayList<>();
				for (int i = 0; i < DOWNLOADS; i++) {
					downloads.add(pool.submit(new SlowDownload(server.uri(IMAGES_NPY), DOWNLOAD_RATE, 1 << 20, downloadsInFlight,
							refusing)));
				}
				AtomicBoolean stop = new AtomicBoolean();
				CountDownLatch looping = new CountDownLatch(2 * LOOPS);
				List<Future<List<Outcome>>> loops = new ArrayList<>();
				for (int i = 0; i < LOOPS; i++) {
					int seed = i;
					loops.add(pool.submit(() -> loop(server, references, seed, false, stop, looping)));
					loops.add(pool.submit(() -> loop(server, references, seed, true, stop, looping)));
				}
				assertThat(downloadsInFlight.await(60, TimeUnit.SECONDS)).as("every download under way").isTrue();
				assertThat(looping.await(60, TimeUnit.SECONDS)).as("every loop under way").isTrue();

				long signalled = System.nanoTime();
				Instant signalledAt = Instant.now();
				server.terminate();
				Future<List<Probe>> probing = pool.submit(() -> probeNewConnections(server, refusing));
				int exit = server.awaitExit(EXIT_WITHIN);
				long exited = System.nanoTime();
				stop.set(true);

				List<Probe> probes = probing.get(30, TimeUnit.SECONDS);
				List<SlowDownload.Result> results = new ArrayList<>();
				for (Future<SlowDownload.Result> download : downloads) {
					results.add(download.get(10, TimeUnit.SECONDS));
				}
				List<Outcome> outcomes = new ArrayList<>();
				for (Future<List<Outcome>> loop : loops) {
					outcomes.addAll(loop.get(30, TimeUnit.SECONDS));
				}
				long refused = probes.stream().filter((p) -> p.result().equals("refused")).mapToLong(Probe::started).min().orElse(Long.MAX_VALUE);
				System.out.printf("SIGTERM at %s; exited (code %d) %d ms after it; downloads finished %d..%d ms after it;"
						+ " new connections: %s, refused from %d ms on; %d loop requests, %d sent before SIGTERM: %s%n",
						signalledAt, exit, millis(exited - signalled),
						millis(results.stream().mapToLong(SlowDownload.Result::finishedNanos).min().orElse(0) - signalled),
						millis(results.stream().mapToLong(SlowDownload.Result::finishedNanos).max().orElse(0) - signalled),
						count(probes.stream().map((p) -> p.result().equals("refused") ? "refused" : millis(p.started() - signalled) + " ms: " + p.result())),
						millis(refused - signalled), outcomes.size(), outcomes.stream().filter((o) -> o.sent() < signalled).count(),
						count(outcomes.stream().map(Outcome::result)));

				assertDownloadsComplete(results, references, refused);
				assertLoopRequestsAnswered(outcomes, signalled);
				assertNewConnectionsRefused(probes, signalled, refused);
				assertThat(exit).as("exit code after SIGTERM").isIn(0, 143);
				assertThat(server.log()).contains("Graceful shutdown complete").doesNotContain("aborted");
			}
			finally {
				pool.shutdownNow();
			}
		}
	}

	/** Every download was in flight at the signal: each completes, byte for byte, after new connections were refused. */
	private static void assertDownloadsComplete(List<SlowDownload.Result> results, References references, long refused) {
		for (SlowDownload.Result result : results) {
			assertThat(result.failure()).as("download failure").isNull();
			assertThat(result.status()).isEqualTo(200);
			assertThat(result.contentLength()).isEqualTo(references.npyLength());
			assertThat(result.bytes()).as("bytes received").isEqualTo(references.npyLength());
			assertThat(result.sha256()).isEqualTo(references.npySha256());
			assertThat(result.finishedNanos()).as("finished after new connections were refused").isGreaterThan(refused);
		}
	}

	/**
	 * A request sent before the signal is answered in full and correctly; one sent after it on a kept-alive
	 * connection is answered too (with {@code Connection: close}), and the client's next connection is refused.
	 * A request is never dropped unanswered, reset or cut short.
	 */
	private static void assertLoopRequestsAnswered(List<Outcome> outcomes, long signalled) {
		for (Outcome outcome : outcomes) {
			if (outcome.sent() < signalled) {
				assertThat(outcome.result()).as("%s sent before SIGTERM", outcome.what()).isEqualTo("200 correct");
			}
			else {
				assertThat(outcome.result()).as("%s sent after SIGTERM", outcome.what()).isIn("200 correct", "connection refused");
			}
		}
	}

	/**
	 * New connections are refused after the signal, before the process exits, and from then on every one is.
	 * Before that, Tomcat stops its acceptor and then closes the listening socket: a connection that the
	 * kernel accepts in between is closed or reset before anything was read from it. None is left hanging.
	 */
	private static void assertNewConnectionsRefused(List<Probe> probes, long signalled, long refused) {
		assertThat(probes).as("new connections after SIGTERM").anyMatch((probe) -> probe.result().equals("refused"));
		for (Probe probe : probes) {
			String when = "a new connection " + millis(probe.started() - signalled) + " ms after SIGTERM";
			if (probe.started() >= refused) {
				assertThat(probe.result()).as(when).isEqualTo("refused");
			}
			else {
				assertThat(probe.result()).as(when)
					.matches("answered (200|503)|closed before an answer|SocketException: (Connection reset|Broken pipe).*");
			}
		}
	}

	/**
	 * Opens a new connection every 50 ms from the signal until the process exits and records how each
	 * one ended: refused, answered (a status line), or closed before an answer. A connection that is
	 * neither refused nor answered within the timeouts is recorded as hanging. Counts {@code refusing}
	 * down at the first refusal, or when the process exits without one.
	 */
	private static List<Probe> probeNewConnections(ServerProcess server, CountDownLatch refusing) throws InterruptedException {
		List<Probe> probes = new ArrayList<>();
		try {
			probe(server, probes, refusing);
		}
		finally {
			refusing.countDown();
		}
		return probes;
	}

	private static void probe(ServerProcess server, List<Probe> probes, CountDownLatch refusing) throws InterruptedException {
		while (server.isAlive()) {
			long started = System.nanoTime();
			String result;
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 2000);
				socket.setSoTimeout(5000);
				OutputStream out = socket.getOutputStream();
				out.write(("GET /actuator/health/liveness HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
					.getBytes(StandardCharsets.US_ASCII));
				String statusLine = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
				result = statusLine.isEmpty() ? "closed before an answer" : "answered " + statusLine.substring(9);
			}
			catch (ConnectException ex) {
				result = "refused";
				refusing.countDown();
			}
			catch (SocketTimeoutException ex) {
				result = "hanging";
			}
			catch (IOException ex) {
				result = ex.getClass().getSimpleName() + ": " + ex.getMessage();
			}
			probes.add(new Probe(started, System.nanoTime(), result));
			Thread.sleep(50);
		}
	}

	/**
	 * Requests batches (or predictions) one after another on a keep-alive connection until the server
	 * stops answering them, recording how each one ended.
	 */
	private List<Outcome> loop(ServerProcess server, References references, int seed, boolean predictions, AtomicBoolean stop,
			CountDownLatch looping) {
		List<Outcome> outcomes = new ArrayList<>();
		for (int i = seed; !stop.get(); i++) {
			int n = i % (predictions ? IMAGES : BATCHES);
			HttpRequest request = predictions
					? HttpRequest.newBuilder(server.uri(PREDICTIONS))
						.header("Content-Type", "image/png")
						.POST(HttpRequest.BodyPublishers.ofByteArray(references.pngs().get(n)))
						.timeout(Duration.ofSeconds(20))
						.build()
					: HttpRequest.newBuilder(server.uri(batch(n))).timeout(Duration.ofSeconds(20)).build();
			String what = predictions ? "prediction of test image " + n : "batch " + n;
			long sent = System.nanoTime();
			String result;
			try {
				HttpResponse<byte[]> response = this.client.send(request, HttpResponse.BodyHandlers.ofByteArray());
				if (response.statusCode() != 200) {
					result = String.valueOf(response.statusCode());
				}
				else {
					boolean correct = predictions ? label(response.body()) == references.labels()[n]
							: SlowDownload.sha256(response.body()).equals(references.batchSha256().get(n));
					result = correct ? "200 correct" : "200 wrong body";
				}
			}
			catch (ConnectException ex) {
				result = "connection refused";
			}
			catch (IOException ex) {
				result = ex.getClass().getSimpleName() + ": " + ex.getMessage();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
			outcomes.add(new Outcome(what, sent, result));
			if (outcomes.size() == 2) {
				looping.countDown();
			}
			if (!result.equals("200 correct")) {
				break;
			}
		}
		return outcomes;
	}

	/** The bodies every later answer is compared with, fetched while the service is idle. */
	private References references(ServerProcess server) throws IOException, InterruptedException {
		byte[] npy = getOk(server, IMAGES_NPY);
		List<String> batches = new ArrayList<>();
		for (int b = 0; b < BATCHES; b++) {
			batches.add(SlowDownload.sha256(getOk(server, batch(b))));
		}
		List<byte[]> pngs = new ArrayList<>();
		int[] labels = new int[IMAGES];
		for (int i = 0; i < IMAGES; i++) {
			byte[] png = getOk(server, SPLITS + "/test/images/" + i + ".png");
			pngs.add(png);
			HttpResponse<byte[]> response = this.client.send(HttpRequest.newBuilder(server.uri(PREDICTIONS))
				.header("Content-Type", "image/png")
				.POST(HttpRequest.BodyPublishers.ofByteArray(png))
				.build(), HttpResponse.BodyHandlers.ofByteArray());
			assertThat(response.statusCode()).isEqualTo(200);
			labels[i] = label(response.body());
		}
		return new References(npy.length, SlowDownload.sha256(npy), batches, pngs, labels);
	}

	private byte[] getOk(ServerProcess server, String path) throws IOException, InterruptedException {
		HttpResponse<byte[]> response = this.client.send(HttpRequest.newBuilder(server.uri(path)).build(),
				HttpResponse.BodyHandlers.ofByteArray());
		assertThat(response.statusCode()).as("GET %s", path).isEqualTo(200);
		return response.body();
	}

	private int label(byte[] predictions) {
		return this.json.readTree(predictions).get("predictions").get(0).get("label").asInt();
	}

	private static String batch(int b) {
		return SPLITS + "/train/batches/" + b + "?batchSize=256&shuffle=true&seed=7&epoch=1";
	}

	private static long millis(long nanos) {
		return TimeUnit.NANOSECONDS.toMillis(nanos);
	}

	private static String count(Stream<String> results) {
		return results.collect(Collectors.groupingBy(Function.identity(), TreeMap::new, Collectors.counting())).toString();
	}

	private record References(long npyLength, String npySha256, List<String> batchSha256, List<byte[]> pngs, int[] labels) {
	}

	private record Outcome(String what, long sent, String result) {
	}

	private record Probe(long started, long finished, String result) {
	}

}
