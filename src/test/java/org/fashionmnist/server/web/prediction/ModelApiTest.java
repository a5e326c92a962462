package org.fashionmnist.server.web.prediction;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.fashionmnist.server.OriginalFiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ModelApiTest extends PredictionHttpTest {

	private static final Path MODEL = Path.of("models/baseline.onnx");

	@Test
	void listsTheBundledModel() {
		JsonNode models = getJson(MODELS).get("models");

		assertThat(models).hasSize(1);
		JsonNode baseline = models.get(0);
		assertThat(baseline.get("id").asString()).isEqualTo("baseline");
		assertThat(baseline.get("format").asString()).isEqualTo("onnx");
		assertThat(baseline.get("dataset").asString()).isEqualTo("fashion-mnist");
		assertThat(baseline.get("href").asString()).endsWith("/api/v1/models/baseline");
		assertThat(getJson(MODELS + "/baseline").get("id").asString()).isEqualTo("baseline");
	}

	@Test
	void theBundledModelReachesTheAccuracyTargetOnTheTestSplitAsItsTrainingReported() throws Exception {
		JsonNode evaluation = getJson(MODELS + "/baseline").get("evaluation");
		JsonNode descriptor = this.json.readTree(Files.readAllBytes(Path.of("models/baseline.json")));

		assertThat(evaluation.get("split").asString()).isEqualTo("test");
		assertThat(evaluation.get("size").asInt()).isEqualTo(10_000);
		assertThat(evaluation.get("accuracy").asDouble()).isGreaterThanOrEqualTo(0.935)
			.as("the server's own evaluation, as training/train.py measured it with PyTorch")
			.isEqualTo(descriptor.get("testAccuracy").asDouble());
	}

	@Test
	void theEvaluationIsConsistentWithItsConfusionMatrix() {
		JsonNode evaluation = getJson(MODELS + "/baseline").get("evaluation");
		JsonNode matrix = evaluation.get("confusionMatrix");
		byte[] labels = OriginalFiles.labels("t10k");

		assertThat(matrix).hasSize(10);
		int total = 0;
		int diagonal = 0;
		for (int t = 0; t < 10; t++) {
			int[] row = ints(matrix.get(t));
			assertThat(row).hasSize(10);
			int support = 0;
			for (int p = 0; p < 10; p++) {
				support += row[p];
			}
			assertThat(support).as("test images of class %d", t).isEqualTo(count(labels, t));
			total += support;
			diagonal += row[t];
			JsonNode scores = evaluation.get("perClass").get(t);
			int predictedAs = 0;
			for (int other = 0; other < 10; other++) {
				predictedAs += matrix.get(other).get(t).asInt();
			}
			double precision = (predictedAs == 0) ? 0 : (double) row[t] / predictedAs;
			double recall = (double) row[t] / support;
			assertThat(scores.get("label").asInt()).isEqualTo(t);
			assertThat(scores.get("className").asString()).isNotBlank();
			assertThat(scores.get("precision").asDouble()).isCloseTo(precision, within(1e-9));
			assertThat(scores.get("recall").asDouble()).isCloseTo(recall, within(1e-9));
			double f1 = (precision + recall == 0) ? 0 : 2 * precision * recall / (precision + recall);
			assertThat(scores.get("f1").asDouble()).isCloseTo(f1, within(1e-9));
		}
		assertThat(total).isEqualTo(10_000);
		assertThat(evaluation.get("accuracy").asDouble()).isEqualTo(diagonal / 10_000.0);
	}

	@Test
	void describesTheModelFileAndHowItWasTrained() throws Exception {
		JsonNode model = getJson(MODELS + "/baseline");
		JsonNode descriptor = this.json.readTree(Files.readAllBytes(Path.of("models/baseline.json")));

		String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(MODEL)));
		assertThat(model.get("sha256").asString()).isEqualTo(sha256);
		assertThat(model.get("file").get("size").asLong()).isEqualTo(Files.size(MODEL));
		assertThat(ints(model.get("inputShape"))).containsExactly(-1, 1, 28, 28);
		assertThat(ints(model.get("outputShape"))).containsExactly(-1, 10);
		assertThat(model.get("inputName").asString()).isEqualTo(descriptor.get("inputName").asString());
		assertThat(model.get("outputName").asString()).isEqualTo(descriptor.get("outputName").asString());
		assertThat(model.get("parameters").asLong()).isEqualTo(descriptor.get("parameters").asLong());
		assertThat(model.get("dataset").asString()).isEqualTo("fashion-mnist");
		assertThat(model.get("preprocessing").get("mean").asDouble())
			.isEqualTo(descriptor.get("preprocessing").get("mean").asDouble());
		assertThat(model.get("preprocessing").get("std").asDouble())
			.isEqualTo(descriptor.get("preprocessing").get("std").asDouble());
		assertThat(model.get("classes").get(9).get("name").asString()).isEqualTo("Ankle boot");
		assertThat(model.get("training").get("epochs").asInt()).isPositive();
		assertThat(model.get("serving").get("maxBatchSize").asInt()).isPositive();
		assertThat(model.get("predictions").asString()).endsWith("/api/v1/models/baseline/predictions");
	}

	@Test
	void anUnknownModelIs404() {
		JsonNode problem = assertProblem(get(MODELS + "/nope"), 404);

		assertThat(problem.get("detail").asString()).isEqualTo("There is no model 'nope'. Models: baseline.");
	}

	@Test
	void openApiDescribesTheInferenceEndpointsWithTheirLimits() {
		JsonNode paths = getJson("/v3/api-docs").get("paths");

		assertThat(paths.propertyNames()).contains(MODELS, MODELS + "/{model}", MODELS + "/{model}/predictions",
				"/api/v1/datasets/{dataset}/splits/{split}/items/{index}/prediction");
		JsonNode post = paths.get(MODELS + "/{model}/predictions").get("post");
		assertThat(post.get("requestBody").get("content").propertyNames()).containsExactlyInAnyOrder("image/png",
				"image/jpeg", "image/gif", "image/bmp", "multipart/form-data", "application/json", "application/x-npy",
				"application/octet-stream");
		assertThat(post.get("description").asString()).contains("at most 1000 images per request")
			.contains("at most 16MB")
			.contains("at most 40000000 pixels");
		assertThat(post.get("responses").propertyNames()).contains("200", "400", "404", "413", "415", "503");
		assertThat(post.get("responses").get("503").get("headers").propertyNames()).contains("Retry-After");
		JsonNode example = post.get("requestBody").get("content").get("application/json").get("examples").get("ankleBoot");
		assertThat(example.get("value").get("instances").get(0)).hasSize(28);
		assertThat(example.get("value").get("instances").get(0).get(27)).hasSize(28);
		for (JsonNode parameter : post.get("parameters")) {
			if (parameter.get("name").asString().equals("topK")) {
				assertThat(parameter.get("schema").get("minimum").asInt()).isEqualTo(1);
				assertThat(parameter.get("schema").get("maximum").asInt()).isEqualTo(10);
			}
			if (parameter.get("name").asString().equals("invert")) {
				assertThat(parameter.get("schema").get("enum").valueStream().map(JsonNode::asString))
					.containsExactly("auto", "true", "false");
			}
		}
	}

	private static int count(byte[] labels, int label) {
		int count = 0;
		for (byte value : labels) {
			count += (value == label) ? 1 : 0;
		}
		return count;
	}

}
