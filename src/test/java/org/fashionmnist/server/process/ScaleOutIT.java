package org.fashionmnist.server.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.fashionmnist.server.PythonClient;
import org.fashionmnist.server.process.EpochPull.Batch;
import org.fashionmnist.server.process.EpochPull.Received;
import org.fashionmnist.server.tensor.TensorFiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.api.TestMethodOrder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.fashionmnist.server.process.EpochPull.BATCHES;
import static org.fashionmnist.server.process.EpochPull.CONCURRENCY;
import static org.fashionmnist.server.process.EpochPull.EPOCH;

/**
 * Three instances of the packaged jar behind nginx ({@code deploy/nginx/}), round-robin on loopback.
 * The service is stateless, so a sharded, shuffled epoch pulled through the balancer is byte for byte
 * the epoch one instance serves, whichever instance answers each batch; and an instance that stops in
 * the middle of an epoch, gracefully or killed, loses no batch: nginx sends the idempotent GET to
 * another instance.
 *
 * <p>
 * One set of processes for the whole class, in one story, so the tests run in this order: all three
 * serve; the second is stopped gracefully mid-epoch, restarted, and rejoins; the third is killed
 * mid-epoch; the restarted second is killed under the Python client; then the first, and nginx says
 * that no instance is left. Skipped, with a message, where no nginx is installed, except in CI
 * ({@code CI=true}), where {@code .ci/run} installs it (and what the Python step needs: numpy, requests, venv,
 * pip).
 */
@TestInstance(Lifecycle.PER_CLASS)
@TestMethodOrder(OrderAnnotation.class)
class ScaleOutIT {

	private static final int INSTANCES = 3;

	/** Three JVMs starting at once on two cores take several times as long as one (about 12 s alone). */
	private static final Duration START_TIMEOUT = Duration.ofMinutes(6);

	private static final int TRAIN_SIZE = 60_000;

	/** Batches received before an instance is stopped: well inside the epoch of 118. */
	private static final int STOP_AFTER = 30;

	/**
	 * Both shards of the epoch through the Python client (prefetching on two threads, retrying as it
	 * does), printing per batch its shard, number and the SHA-256 of its arrays' bytes.
	 */
	private static final String PYTHON_EPOCH = """
			import hashlib, sys
			from fmnist_client import Client
			with Client(sys.argv[1]) as client:
			    for shard in (0, 1):
			        epoch = client.epoch("train", batch_size=512, shuffle=True, seed=7, epoch=3, shard=shard, num_shards=2,
			                             dtype="uint8", normalize="none", layout="nhw", format="npz", with_indices=True)
			        for number, (images, labels, indices) in enumerate(epoch):
			            digest = hashlib.sha256(images.tobytes() + labels.tobytes() + indices.astype("<i8").tobytes())
			            print(shard, number, digest.hexdigest(), flush=True)
			""";

	private static final String BATCH_METRIC = "http_server_requests_seconds_count";

	private static final String BATCH_URI = "uri=\"/api/v1/datasets/{dataset}/splits/{split}/batches/{batch}\"";

	private final HttpClient client = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final JsonMapper json = JsonMapper.builder().build();

	private final List<ServerProcess> instances = new ArrayList<>();

	private NginxProcess nginx;

	/** The epoch as the first instance serves it, batch by batch. */
	private Map<Batch, Received> reference;

	@BeforeAll
	void startInstancesAndBalancer() {
		Path binary = nginxBinary();
		for (int i = 0; i < INSTANCES; i++) {
			this.instances.add(ServerProcess.start("scale-out-" + i));
		}
		this.instances.forEach((instance) -> instance.awaitReady(START_TIMEOUT));
		this.nginx = NginxProcess.start("scale-out", binary, this.instances).awaitReady();
		EpochPull pull = EpochPull.pull(this.client, this.instances.get(0)::uri, 1, (received) -> {
		});
		assertThat(pull.failures()).as("reference epoch from %s", this.instances.get(0)).isEmpty();
		this.reference = pull.batches();
	}

	@AfterAll
	void stopAll() {
		if (this.nginx != null) {
			this.nginx.close();
		}
		this.instances.forEach(ServerProcess::close);
	}

	@Test
	@Order(1)
	void theReferenceEpochCoversTheSplitOnceWithTheStoredLabels() {
		byte[] labels = TensorFiles.readNpy(get(this.instances.get(0).uri("/api/v1/datasets/fashion-mnist/splits/train/labels.npy")).body())
			.data();
		List<Long> seen = new ArrayList<>();
		this.reference.forEach((batch, received) -> {
			for (int i = 0; i < received.indices().length; i++) {
				long index = received.indices()[i];
				assertThat(received.labels()[i]).as("label of index %d in %s", index, batch).isEqualTo(labels[(int) index]);
				seen.add(index);
			}
		});

		assertThat(this.reference).hasSize(2 * 59);
		assertThat(seen).hasSize(TRAIN_SIZE);
		assertThat(seen.stream().sorted().toList()).isEqualTo(LongStream.range(0, TRAIN_SIZE).boxed().toList());
	}

	@Test
	@Order(2)
	void anEpochThroughTheBalancerIsByteIdenticalToOneInstanceAndSpreadOverAll() {
		requireAlive(this.instances);
		Map<ServerProcess, Long> before = batchCounts();

		EpochPull pull = EpochPull.pull(this.client, this.nginx::uri, 1, (received) -> {
		});

		assertThat(pull.failures()).isEmpty();
		assertThat(digests(pull.batches())).containsExactlyEntriesOf(digests(this.reference));
		Map<ServerProcess, Long> served = batchCounts();
		served.replaceAll((instance, count) -> count - before.get(instance));
		assertThat(served.values().stream().mapToLong(Long::longValue).sum()).as("batches served, per instance %s", served)
			.isEqualTo(this.reference.size());
		assertThat(served).as("batches served per instance").allSatisfy((instance, count) -> assertThat(count)
			.as("batches %s served", instance)
			.isGreaterThanOrEqualTo(this.reference.size() / (2L * INSTANCES)));
	}

	@Test
	@Order(3)
	void everyInstanceAnswersABatchWithTheSameBytesAndHeaders() {
		requireAlive(this.instances);
		URI first = this.instances.get(0).uri(BATCHES + "/5?" + EPOCH + "&shard=1");
		HttpResponse<byte[]> expected = get(first);

		for (ServerProcess instance : this.instances.subList(1, INSTANCES)) {
			HttpResponse<byte[]> response = get(instance.uri(BATCHES + "/5?" + EPOCH + "&shard=1"));
			assertThat(response.body()).as("body from %s", instance).isEqualTo(expected.body());
			assertThat(withoutDate(response.headers())).as("headers from %s", instance).isEqualTo(withoutDate(expected.headers()));
		}
		assertThat(expected.headers().firstValue("ETag")).isPresent();
		HttpResponse<byte[]> revalidated = send(HttpRequest.newBuilder(this.nginx.uri(BATCHES + "/5?" + EPOCH + "&shard=1"))
			.header("If-None-Match", expected.headers().firstValue("ETag").orElseThrow())
			.build());
		assertThat(revalidated.statusCode()).as("a tag from one instance revalidates on whichever answers").isEqualTo(304);
	}

	@Test
	@Order(4)
	void planLinksThroughTheBalancerPointAtTheBalancer() {
		JsonNode plan = this.json.readTree(get(this.nginx.uri(BATCHES + "?" + EPOCH + "&shard=1")).body());

		assertThat(plan.get("batchUrlTemplate").asString()).startsWith("http://127.0.0.1:" + this.nginx.port() + BATCHES + "/{batch}?");
	}

	@Test
	@Order(5)
	void anInstanceStoppedGracefullyMidEpochCostsNoRequest() {
		ServerProcess stopping = this.instances.get(1);
		requireAlive(List.of(stopping));
		int errorLogFrom = this.nginx.errorLog().length();
		int accessLogFrom = this.nginx.accessLog().length();

		EpochPull pull = EpochPull.pull(this.client, this.nginx::uri, 1, (received) -> {
			if (received == STOP_AFTER) {
				stopping.terminate();
			}
		});

		assertThat(stopping.awaitExit(Duration.ofSeconds(60))).as("exit code after SIGTERM").isIn(0, 143);
		assertThat(pull.failures()).as("requests that failed (not retried by this client)").isEmpty();
		assertThat(digests(pull.batches())).containsExactlyEntriesOf(digests(this.reference));
		assertThat(this.nginx.errorLog().substring(errorLogFrom)).as("nginx error log").contains(upstream(stopping));
		assertThat(this.nginx.accessLog().substring(accessLogFrom)).as("nginx access log")
			.containsPattern(retriedAway(stopping));
	}

	@Test
	@Order(6)
	void aRestartedInstanceRejoinsTheRotation() {
		ServerProcess restarted = this.instances.get(1).restart().awaitReady(START_TIMEOUT);
		this.instances.set(1, restarted);
		requireAlive(this.instances);
		// nginx leaves a server it saw fail out of the rotation for fail_timeout (5 s) and then tries it
		// with single requests: wait until it sends the restarted one batches again, then count its share.
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		for (int batch = 0; batchCounts().get(restarted) == 0 && System.nanoTime() < deadline; batch++) {
			assertThat(get(this.nginx.uri(EpochPull.BATCHES + "/" + (batch % 50) + "?" + EpochPull.EPOCH + "&shard=0")).statusCode())
				.isEqualTo(200);
		}
		Map<ServerProcess, Long> before = batchCounts();

		EpochPull pull = EpochPull.pull(this.client, this.nginx::uri, 1, (received) -> {
		});

		assertThat(pull.failures()).isEmpty();
		assertThat(digests(pull.batches())).containsExactlyEntriesOf(digests(this.reference));
		long served = batchCounts().get(restarted) - before.get(restarted);
		assertThat(served).as("batches the restarted %s served", restarted)
			.isGreaterThanOrEqualTo(this.reference.size() / (2L * INSTANCES));
	}

	@Test
	@Order(7)
	void anInstanceKilledMidEpochLosesNoBatch() {
		ServerProcess killed = this.instances.get(2);
		requireAlive(List.of(killed));
		int errorLogFrom = this.nginx.errorLog().length();
		int accessLogFrom = this.nginx.accessLog().length();

		// A body already on its way when the instance dies is cut short, and no balancer can take back what
		// it forwarded: the client must ask again. Only the requests in flight at the kill can be such.
		EpochPull pull = EpochPull.pull(this.client, this.nginx::uri, 2, (received) -> {
			if (received == STOP_AFTER) {
				killed.kill();
			}
		});

		assertThat(killed.awaitExit(Duration.ofSeconds(30))).as("exit code after SIGKILL").isEqualTo(137);
		assertThat(pull.failures()).as("batches lost").isEmpty();
		assertThat(digests(pull.batches())).containsExactlyEntriesOf(digests(this.reference));
		assertThat(pull.retries()).as("requests this client had to repeat (cut short mid-body)").hasSizeLessThan(CONCURRENCY);
		assertThat(this.nginx.errorLog().substring(errorLogFrom)).as("nginx error log").contains(upstream(killed));
		assertThat(this.nginx.accessLog().substring(accessLogFrom)).as("nginx access log").containsPattern(retriedAway(killed));
		System.out.printf("SIGKILL mid-epoch: %d of %d batches repeated by the client: %s%n", pull.retries().size(),
				pull.batches().size(), pull.retries());
	}

	@Test
	@Order(8)
	void thePythonClientLosesNoBatchWhenAnInstanceIsKilled() throws IOException, InterruptedException {
		String python = requirePython();
		ServerProcess killed = this.instances.get(1);
		requireAlive(List.of(this.instances.get(0), killed));
		int errorLogFrom = this.nginx.errorLog().length();
		Process process = new ProcessBuilder(python, "-c", PYTHON_EPOCH, this.nginx.uri("").toString())
			.directory(PythonClient.SOURCES.toFile())
			.redirectError(ProcessBuilder.Redirect.appendTo(Path.of("target", "it-logs", "scale-out-python.log").toFile()))
			.start();
		Map<Batch, String> digests = new TreeMap<>();
		try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
			for (String line = lines.readLine(); line != null; line = lines.readLine()) {
				String[] fields = line.split(" ");
				digests.put(new Batch(Integer.parseInt(fields[0]), Integer.parseInt(fields[1])), fields[2]);
				if (digests.size() == STOP_AFTER) {
					killed.kill();
				}
			}
		}
		finally {
			if (!process.waitFor(5, TimeUnit.MINUTES)) {
				process.destroyForcibly();
			}
		}

		assertThat(process.exitValue()).as("the Python client's exit code (its errors are in target/it-logs/scale-out-python.log)")
			.isZero();
		assertThat(killed.isAlive()).as("%s killed after %d batches", killed, STOP_AFTER).isFalse();
		Map<Batch, String> expected = new TreeMap<>();
		this.reference.forEach((batch, received) -> expected.put(batch, received.arraysSha256()));
		assertThat(digests).containsExactlyEntriesOf(expected);
		assertThat(this.nginx.errorLog().substring(errorLogFrom)).as("nginx error log").contains(upstream(killed));
	}

	@Test
	@Order(9)
	void withNoInstanceLeftTheBalancerAnswersAProblemToRetry() {
		this.instances.forEach(ServerProcess::kill);
		this.instances.forEach((instance) -> instance.awaitExit(Duration.ofSeconds(30)));

		HttpResponse<byte[]> response = send(HttpRequest.newBuilder(this.nginx.uri(BATCHES + "/0?" + EPOCH + "&shard=0")).build());

		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.headers().firstValue("Retry-After")).isPresent();
		JsonNode problem = this.json.readTree(response.body());
		assertThat(problem.get("status").asInt()).isEqualTo(503);
		assertThat(problem.get("title").asString()).isEqualTo("Service Unavailable");
		assertThat(problem.get("detail").asString()).isNotBlank();
	}

	/** Successful batch requests each instance has counted, from its own Prometheus metrics. */
	private Map<ServerProcess, Long> batchCounts() {
		Pattern line = Pattern.compile("^" + BATCH_METRIC + "\\{(.*)\\} ([0-9.eE+]+)$", Pattern.MULTILINE);
		Map<ServerProcess, Long> counts = new TreeMap<>((a, b) -> Integer.compare(a.port(), b.port()));
		for (ServerProcess instance : this.instances) {
			String metrics = new String(get(instance.uri("/actuator/prometheus")).body(), StandardCharsets.UTF_8);
			long count = 0;
			Matcher matcher = line.matcher(metrics);
			while (matcher.find()) {
				if (matcher.group(1).contains(BATCH_URI) && matcher.group(1).contains("status=\"200\"")) {
					count += (long) Double.parseDouble(matcher.group(2));
				}
			}
			counts.put(instance, count);
		}
		return counts;
	}

	private static String upstream(ServerProcess instance) {
		return "upstream: \"http://127.0.0.1:" + instance.port() + "/";
	}

	/** An access-log line of a batch that failed on {@code instance} and then succeeded on another. */
	private static String retriedAway(ServerProcess instance) {
		return "\"GET " + Pattern.quote(BATCHES) + "/[0-9]+\\?[^\"]*\" 200 [0-9]+ upstream=(?:[0-9.:]+, )*127\\.0\\.0\\.1:"
				+ instance.port() + ", [0-9.:, ]+ upstream_status=[0-9, ]*200 ";
	}

	private static Map<Batch, String> digests(Map<Batch, Received> batches) {
		Map<Batch, String> digests = new TreeMap<>();
		batches.forEach((batch, received) -> digests.put(batch, received.sha256()));
		return digests;
	}

	private static Map<String, List<String>> withoutDate(HttpHeaders headers) {
		Map<String, List<String>> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
		map.putAll(headers.map());
		map.remove("Date");
		return map;
	}

	private static void requireAlive(List<ServerProcess> instances) {
		assertThat(instances).as("instances this test needs running").allMatch(ServerProcess::isAlive);
	}

	private HttpResponse<byte[]> get(URI uri) {
		HttpResponse<byte[]> response = send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).build());
		assertThat(response.statusCode()).as("GET %s", uri).isEqualTo(200);
		return response;
	}

	private HttpResponse<byte[]> send(HttpRequest request) {
		try {
			return this.client.send(request, HttpResponse.BodyHandlers.ofByteArray());
		}
		catch (IOException ex) {
			throw new IllegalStateException(request.method() + " " + request.uri() + " failed", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The interpreter the client is installed for (see {@link PythonClient}); skips where there is none, except in
	 * CI, where that fails.
	 */
	private static String requirePython() throws IOException, InterruptedException {
		return PythonClient.python().toString();
	}

	private static Path nginxBinary() {
		return NginxProcess.binary().orElseGet(() -> {
			String message = "ScaleOutIT needs nginx (apt-get install -y nginx); none on the PATH or at /usr/sbin/nginx";
			if ("true".equalsIgnoreCase(System.getenv("CI"))) {
				fail(message);
			}
			Assumptions.abort(message);
			return null;
		});
	}

}
