package org.fashionmnist.server.web.prediction;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.fashionmnist.server.OriginalFiles;
import org.fashionmnist.server.inference.TinyOnnx;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * What an operator configures: a model of their own beside the bundled one, and a bounded queue that
 * answers 503 with Retry-After when it is full instead of letting requests pile up.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "fmnist.models.baseline.workers=1", "fmnist.models.baseline.max-batch-size=16",
				"fmnist.models.baseline.queue-capacity=1000", "fmnist.models.baseline.max-queue-time=50ms",
				"fmnist.models.baseline.retry-after=2s" })
class ModelOperationsApiTest extends PredictionHttpTest {

	@TempDir
	static Path dir;

	/** An operator's model: logits are 2 on class 9, plus normalised pixel 0 on class 1. */
	@DynamicPropertySource
	static void operatorsModel(DynamicPropertyRegistry registry) {
		try {
			Path model = TinyOnnx.write(dir.resolve("mine.onnx"), new float[] { 0, 0, 0, 0, 0, 0, 0, 0, 0, 2 }, 1);
			Files.writeString(dir.resolve("mine.json"), """
					{"preprocessing": {"scale": 255.0, "mean": 0.0, "std": 0.5},
					 "classes": [{"label": 0, "name": "ZERO"}, {"label": 1, "name": "ONE"}, {"label": 2, "name": "TWO"},
					             {"label": 3, "name": "THREE"}, {"label": 4, "name": "FOUR"}, {"label": 5, "name": "FIVE"},
					             {"label": 6, "name": "SIX"}, {"label": 7, "name": "SEVEN"}, {"label": 8, "name": "EIGHT"},
					             {"label": 9, "name": "NINE"}],
					 "parameters": 7850, "unknownField": true}
					""");
			registry.add("fmnist.models.mine.path", model::toString);
			registry.add("fmnist.models.mine.intra-op-threads", () -> "1");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Test
	void anOperatorsModelIsServedBesideTheBundledOne() {
		JsonNode models = getJson(MODELS).get("models");
		assertThat(models.valueStream().map((model) -> model.get("id").asString())).containsExactly("baseline", "mine");

		JsonNode mine = getJson(MODELS + "/mine");
		assertThat(mine.get("parameters").asLong()).isEqualTo(7850);
		assertThat(mine.get("preprocessing").get("std").asDouble()).isEqualTo(0.5);
		assertThat(mine.get("classes").get(9).get("name").asString()).isEqualTo("NINE");
		assertThat(mine.get("evaluation").get("accuracy").asDouble()).as("it always says 9").isEqualTo(0.1);
		assertThat(new String(get("/actuator/prometheus").body())).as("the accuracy, as a gauge")
			.contains("fmnist_model_accuracy{model=\"mine\",split=\"test\"} 0.1\n");

		float[] image = new float[784];
		image[0] = 255; // (255/255 - 0) / 0.5 = 2 on class 1: classes 1 and 9 tie, the lower label wins
		HttpResponse<byte[]> response = post(MODELS + "/mine/predictions?topK=2", "application/x-npy", floatNpy(image, 1, 784));
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode prediction = this.json.readTree(response.body()).get("predictions").get(0);
		double expected = Math.exp(2) / (8 + 2 * Math.exp(2));
		assertThat(prediction.get("label").asInt()).isEqualTo(1);
		assertThat(prediction.get("className").asString()).isEqualTo("ONE");
		assertThat(prediction.get("confidence").asDouble()).isCloseTo(expected, within(1e-6));
		assertThat(prediction.get("top").get(1).get("className").asString()).isEqualTo("NINE");
	}

	@Test
	void aSaturatedModelAnswers503WithRetryAfter() throws Exception {
		byte[] body = testImagesNpy(0, 1000);

		saturate(() -> post(PREDICTIONS, "application/x-npy", body), (response) -> {
			JsonNode problem = assertProblem(response, 503);
			assertThat(problem.get("type").asString()).isEqualTo("/problems/model-overloaded");
			assertThat(problem.get("detail").asString()).startsWith("The model is busy: ").endsWith("Retry after 2 s.");
			assertThat(header(response, "Retry-After")).isEqualTo("2");
		});

		assertStillReady();
		assertThat(post(PREDICTIONS, "application/x-npy", testImagesNpy(0, 10)).statusCode()).isEqualTo(200);
		String metrics = new String(get("/actuator/prometheus").body());
		assertThat(metrics).containsPattern("fmnist_inference_rejected_total\\{model=\"baseline\"} [1-9]")
			.contains("fmnist_inference_batch_size_count{model=\"baseline\"}")
			.contains("fmnist_inference_queue_wait_seconds_count{model=\"baseline\"}")
			.contains("fmnist_inference_queue_images{model=\"baseline\"}");
	}

	@Test
	void aSaturatedModelAnswersTheInferenceProtocolWith503RetryAfterAndItsErrorObject() throws Exception {
		byte[] body = Arrays.copyOf(OriginalFiles.images("t10k"), 1000 * 784);

		saturate(() -> post("/v2/models/baseline/infer", body, "Inference-Header-Content-Length", "0"), (response) -> {
			assertThat(response.statusCode()).isEqualTo(503);
			assertThat(header(response, "Content-Type")).isEqualTo("application/json");
			assertThat(this.json.readTree(response.body()).get("error").asString()).startsWith("The model is busy: ")
				.endsWith("Retry after 2 s.");
			assertThat(header(response, "Retry-After")).isEqualTo("2");
		});

		assertStillReady();
		assertThat(get("/v2/health/ready").statusCode()).isEqualTo(200);
	}

	/** Sends 12 requests of 1000 images at once: some are served, the others refused as {@code refusal} checks. */
	private static void saturate(Callable<HttpResponse<byte[]>> request, Consumer<HttpResponse<byte[]>> refusal)
			throws Exception {
		ExecutorService clients = Executors.newFixedThreadPool(12);
		List<Future<HttpResponse<byte[]>>> responses = new ArrayList<>();
		try {
			for (int i = 0; i < 12; i++) {
				responses.add(clients.submit(request));
			}
			int ok = 0;
			int refused = 0;
			for (Future<HttpResponse<byte[]>> future : responses) {
				HttpResponse<byte[]> response = future.get(60, TimeUnit.SECONDS);
				if (response.statusCode() == 200) {
					ok++;
					continue;
				}
				refusal.accept(response);
				refused++;
			}
			assertThat(ok).as("served").isPositive();
			assertThat(refused).as("refused").isPositive();
		}
		finally {
			clients.shutdownNow();
		}
	}

}
