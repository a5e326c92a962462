package org.fashionmnist.server.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.GZIPInputStream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

/**
 * Predictions arrive far faster than the model serves them, from 60 clients at once, each request as
 * large as the server accepts (1,000 images as a uint8 .npy, which become 3 MB of pixels), on the
 * packaged jar with its 256 MB heap. The excess is refused quickly with 503, Retry-After and a problem;
 * what is accepted is answered correctly; nothing fails otherwise (no 500 from a full heap, no reset);
 * and the data endpoints keep answering while it lasts.
 * <p>
 * The queue may wait long ({@code max-queue-time=30s}) so that every 503 here is a refusal at admission,
 * which must be quick; the queue's time limit is covered by {@code MicroBatcherTest}.
 */
class OverloadIT {

	private static final String SPLITS = "/api/v1/datasets/fashion-mnist/splits";

	private static final String PREDICTIONS = "/api/v1/models/baseline/predictions";

	private static final int SLICES = 10;

	private static final int SLICE = 1000;

	/** Request threads are 64: three for the data endpoints, the rest flood. */
	private static final int FLOODERS = 60;

	private static final int REQUESTS_PER_FLOODER = 8;

	private final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient client = newClient();

	@Test
	void excessPredictionsAreRefusedQuicklyAcceptedOnesAreRightAndDataKeepsFlowing() throws Exception {
		try (ServerProcess server = ServerProcess.start("overload", List.of(),
				List.of("--fmnist.models.baseline.max-queue-time=30s", "--fmnist.models.baseline.retry-after=2s"))
			.awaitReady()) {
			List<byte[]> bodies = new ArrayList<>();
			List<Reference> references = new ArrayList<>();
			for (int s = 0; s < SLICES; s++) {
				bodies.add(uint8Npy(testImages(), s * SLICE, SLICE));
				HttpResponse<byte[]> response = predict(server, bodies.get(s));
				assertThat(response.statusCode()).as("the service idle: %s", new String(response.body(), StandardCharsets.UTF_8))
					.isEqualTo(200);
				references.add(Reference.of(this.json.readTree(response.body()).get("predictions")));
			}

			ExecutorService pool = Executors.newCachedThreadPool();
			try {
				AtomicBoolean flooding = new AtomicBoolean(true);
				List<Future<List<DataAnswer>>> data = new ArrayList<>();
				for (String path : List.of(SPLITS + "/train/images/%d.png", SPLITS + "/test/items/%d",
						SPLITS + "/train/batches/%d?batchSize=256&shuffle=true&seed=3&epoch=0")) {
					data.add(pool.submit(() -> askWhileFlooding(server, path, flooding)));
				}
				List<Future<List<Answer>>> flood = new ArrayList<>();
				for (int f = 0; f < FLOODERS; f++) {
					int first = f;
					flood.add(pool.submit(() -> flood(server, bodies, first)));
				}
				List<Answer> answers = new ArrayList<>();
				for (Future<List<Answer>> flooder : flood) {
					answers.addAll(flooder.get(5, TimeUnit.MINUTES));
				}
				flooding.set(false);
				List<List<DataAnswer>> dataAnswers = new ArrayList<>();
				for (Future<List<DataAnswer>> asker : data) {
					dataAnswers.add(asker.get(1, TimeUnit.MINUTES));
				}
				report(answers, dataAnswers);

				assertRefusalsAreQuickAndWellFormed(answers);
				assertAcceptedPredictionsAreRight(answers, references);
				for (List<DataAnswer> endpoint : dataAnswers) {
					assertThat(endpoint).as("requests to one data endpoint during the flood").hasSizeGreaterThanOrEqualTo(3)
						.allSatisfy((answer) -> assertThat(answer.status()).as(answer.path()).isEqualTo(200));
				}
				assertThat(predict(server, bodies.get(0)).statusCode()).as("a prediction after the flood").isEqualTo(200);
				assertThat(server.log()).doesNotContain("OutOfMemoryError").doesNotContain(" ERROR ");
			}
			finally {
				pool.shutdownNow();
			}
		}
	}

	private static HttpClient newClient() {
		return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
	}

	private static void assertRefusalsAreQuickAndWellFormed(List<Answer> answers) {
		assertThat(answers).extracting(Answer::status).as("statuses").containsOnly(200, 503).contains(200, 503);
		List<Long> refused = new ArrayList<>();
		List<Long> served = new ArrayList<>();
		for (Answer answer : answers) {
			(answer.status() == 200 ? served : refused).add(answer.nanos());
			if (answer.status() == 503) {
				assertThat(answer.contentType()).isEqualTo("application/problem+json");
				assertThat(answer.retryAfter()).isEqualTo("2");
				assertThat(answer.problemType()).isEqualTo("/problems/model-overloaded");
			}
		}
		// A refusal costs the upload and no model time; a served request waits for the model as well. (On a
		// small machine, 60 clients uploading at once make both slow: hence relative bounds.)
		assertThat(percentile(refused, 50)).as("median of the 503s (ns) against half the median of the 200s")
			.isLessThan(percentile(served, 50) / 2);
		assertThat(percentile(refused, 99)).as("p99 of the 503s (ns) against half the p99 of the 200s")
			.isLessThan(percentile(served, 99) / 2);
	}

	/** Each answer matches what the idle service said for the same images (no mix-up between requests). */
	private static void assertAcceptedPredictionsAreRight(List<Answer> answers, List<Reference> references) {
		for (Answer answer : answers) {
			if (answer.status() == 200) {
				references.get(answer.slice()).assertSameAs(answer.predictions(), "slice " + answer.slice());
			}
		}
	}

	private List<Answer> flood(ServerProcess server, List<byte[]> bodies, int first) {
		HttpClient client = newClient(); // a connection and a selector thread of its own: uploads run in parallel
		List<Answer> answers = new ArrayList<>();
		for (int i = 0; i < REQUESTS_PER_FLOODER; i++) {
			int slice = (first + i) % SLICES;
			long start = System.nanoTime();
			HttpResponse<byte[]> response;
			try {
				response = predict(client, server, bodies.get(slice));
			}
			catch (UncheckedIOException ex) {
				answers.add(new Answer(slice, 0, System.nanoTime() - start, ex.getCause().toString(), null, null, null));
				continue;
			}
			long nanos = System.nanoTime() - start;
			JsonNode answer = (response.body().length > 0) ? this.json.readTree(response.body()) : null;
			answers.add(new Answer(slice, response.statusCode(), nanos, response.headers().firstValue("Content-Type").orElse(""),
					response.headers().firstValue("Retry-After").orElse(null),
					(answer != null && answer.has("type")) ? answer.get("type").asString() : null,
					(response.statusCode() == 200) ? answer.get("predictions") : null));
		}
		return answers;
	}

	private List<DataAnswer> askWhileFlooding(ServerProcess server, String path, AtomicBoolean flooding) {
		List<DataAnswer> answers = new ArrayList<>();
		for (int i = 0; flooding.get(); i++) {
			String pathAndQuery = String.format(path, (i * 37) % 200);
			long start = System.nanoTime();
			try {
				HttpResponse<byte[]> response = this.client.send(HttpRequest.newBuilder(server.uri(pathAndQuery))
					.timeout(Duration.ofSeconds(30))
					.build(), HttpResponse.BodyHandlers.ofByteArray());
				answers.add(new DataAnswer(pathAndQuery, response.statusCode(), System.nanoTime() - start));
			}
			catch (IOException ex) {
				answers.add(new DataAnswer(pathAndQuery + " (" + ex + ")", 0, System.nanoTime() - start));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
		}
		return answers;
	}

	private HttpResponse<byte[]> predict(ServerProcess server, byte[] npy) {
		return predict(this.client, server, npy);
	}

	private static HttpResponse<byte[]> predict(HttpClient client, ServerProcess server, byte[] npy) {
		HttpRequest request = HttpRequest.newBuilder(server.uri(PREDICTIONS + "?topK=1"))
			.header("Content-Type", "application/x-npy")
			.POST(HttpRequest.BodyPublishers.ofByteArray(npy))
			.timeout(Duration.ofMinutes(2))
			.build();
		try {
			return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("POST " + PREDICTIONS + " failed", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static void report(List<Answer> answers, List<List<DataAnswer>> dataAnswers) {
		Map<Integer, List<Long>> byStatus = new TreeMap<>();
		answers.forEach((answer) -> byStatus.computeIfAbsent(answer.status(), (status) -> new ArrayList<>()).add(answer.nanos()));
		StringBuilder line = new StringBuilder("flood of ").append(answers.size()).append(" predictions:");
		byStatus.forEach((status, nanos) -> line.append(String.format(" %d x%d (p50 %d ms, p99 %d ms)", status, nanos.size(),
				percentile(nanos, 50) / 1_000_000, percentile(nanos, 99) / 1_000_000)));
		line.append("; data requests meanwhile:");
		for (List<DataAnswer> endpoint : dataAnswers) {
			List<Long> nanos = endpoint.stream().map(DataAnswer::nanos).toList();
			line.append(String.format(" %s x%d statuses %s (p50 %d ms, p99 %d ms)", endpoint.get(0).path(), endpoint.size(),
					endpoint.stream().map(DataAnswer::status).distinct().sorted().toList(), percentile(nanos, 50) / 1_000_000,
					percentile(nanos, 99) / 1_000_000));
		}
		System.out.println(line);
	}

	private static long percentile(List<Long> values, int percent) {
		List<Long> sorted = new ArrayList<>(values);
		Collections.sort(sorted);
		return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percent / 100.0 * sorted.size()) - 1));
	}

	/** The bundled test images, read with the JDK's gzip reader: uint8, 784 per image. */
	private static byte[] testImages() {
		try (InputStream in = new GZIPInputStream(Files.newInputStream(Path.of("data/fashion-mnist/t10k-images-idx3-ubyte.gz")))) {
			byte[] all = in.readAllBytes();
			return Arrays.copyOfRange(all, 16, all.length);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Images {@code from .. from+count-1} as a uint8 {@code .npy} [count,28,28], as clients send them. */
	private static byte[] uint8Npy(byte[] images, int from, int count) {
		String dict = "{'descr': '|u1', 'fortran_order': False, 'shape': (" + count + ", 28, 28), }";
		int headerLength = 10 + dict.length() + 1;
		int padded = (headerLength + 63) / 64 * 64;
		ByteBuffer npy = ByteBuffer.allocate(padded + count * 784);
		npy.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
		npy.order(ByteOrder.LITTLE_ENDIAN).putShort((short) (padded - 10));
		npy.put((dict + " ".repeat(padded - headerLength) + "\n").getBytes(StandardCharsets.US_ASCII));
		npy.put(images, from * 784, count * 784);
		return npy.array();
	}

	private record Answer(int slice, int status, long nanos, String contentType, String retryAfter, String problemType,
			JsonNode predictions) {
	}

	private record DataAnswer(String path, int status, long nanos) {
	}

	/** What the idle service predicted for one slice: each image's label and the margin over the runner-up. */
	private record Reference(int[] labels, float[][] probabilities) {

		static Reference of(JsonNode predictions) {
			int n = predictions.size();
			int[] labels = new int[n];
			float[][] probabilities = new float[n][];
			for (int i = 0; i < n; i++) {
				labels[i] = predictions.get(i).get("label").asInt();
				probabilities[i] = probabilities(predictions.get(i));
			}
			return new Reference(labels, probabilities);
		}

		/**
		 * The same labels, and probabilities equal within 1e-4: ONNX Runtime may round differently when the
		 * images share a call with others, so a label may differ only where the idle answer was a near tie.
		 */
		void assertSameAs(JsonNode predictions, String what) {
			assertThat(predictions.size()).as(what).isEqualTo(this.labels.length);
			for (int i = 0; i < this.labels.length; i++) {
				float[] expected = this.probabilities[i];
				float[] actual = probabilities(predictions.get(i));
				for (int c = 0; c < expected.length; c++) {
					assertThat(actual[c]).as("%s image %d class %d", what, i, c).isCloseTo(expected[c], offset(1e-4f));
				}
				if (predictions.get(i).get("label").asInt() != this.labels[i]) {
					float[] sorted = expected.clone();
					Arrays.sort(sorted);
					assertThat(sorted[9] - sorted[8]).as("%s image %d: another label, so its idle answer must be a near tie", what, i)
						.isLessThan(2e-4f);
				}
			}
		}

		private static float[] probabilities(JsonNode prediction) {
			JsonNode values = prediction.get("probabilities");
			float[] probabilities = new float[values.size()];
			for (int c = 0; c < probabilities.length; c++) {
				probabilities[c] = values.get(c).floatValue();
			}
			return probabilities;
		}

	}

}
