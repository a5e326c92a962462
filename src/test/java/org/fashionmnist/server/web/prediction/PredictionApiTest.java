package org.fashionmnist.server.web.prediction;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import org.fashionmnist.server.ImageFixtures;
import org.fashionmnist.server.OriginalFiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class PredictionApiTest extends PredictionHttpTest {

	@Test
	void predictionsOfTheWholeTestSplitReproduceTheServersEvaluation() {
		byte[] labels = OriginalFiles.labels("t10k");
		int[][] confusion = new int[10][10];
		for (int from = 0; from < 10_000; from += 1000) {
			JsonNode predictions = predict("", "application/x-npy", testImagesNpy(from, 1000));
			assertThat(predictions).hasSize(1000);
			for (int i = 0; i < 1000; i++) {
				confusion[labels[from + i]][predictions.get(i).get("label").asInt()]++;
			}
		}

		JsonNode matrix = getJson(MODELS + "/baseline").get("evaluation").get("confusionMatrix");
		for (int t = 0; t < 10; t++) {
			assertThat(ints(matrix.get(t))).as("row %d of the confusion matrix", t).containsExactly(confusion[t]);
		}
	}

	@ParameterizedTest
	@ValueSource(ints = { 0, 1, 2, 42, 1234, 9999 })
	void aStoredImageIsPredictedWithItsTrueLabelBeside(int index) {
		JsonNode item = getJson(TEST + "/items/" + index + "/prediction?topK=2");
		int label = OriginalFiles.labels("t10k")[index];

		assertThat(item.get("index").asInt()).isEqualTo(index);
		assertThat(item.get("split").asString()).isEqualTo("test");
		assertThat(item.get("label").asInt()).isEqualTo(label);
		assertThat(item.get("className").asString()).isNotBlank();
		assertThat(item.get("model").asString()).isEqualTo("baseline");
		assertThat(item.get("imageUrl").asString()).endsWith("/images/" + index + ".png");
		JsonNode prediction = item.get("prediction");
		assertThat(item.get("correct").asBoolean()).isEqualTo(prediction.get("label").asInt() == label);
		assertThat(prediction.get("top")).hasSize(2);
		assertValidPrediction(prediction);
	}

	@Test
	void aStoredImagesPredictionHasATagAndItsRevalidationRunsNoModel() {
		String path = TEST + "/items/17/prediction?topK=4";
		HttpResponse<byte[]> first = get(path);
		String tag = header(first, "ETag");

		assertThat(tag).as("a JSON document's tag is weak").startsWith("W/\"");
		assertThat(header(first, "Cache-Control")).contains("no-cache");
		assertThat(get(path).body()).isEqualTo(first.body());
		getJson(MODELS + "/baseline"); // waits for the model's evaluation, which runs it too
		double calls = inferenceCalls();
		HttpResponse<byte[]> again = get(path, "If-None-Match", tag);
		assertThat(again.statusCode()).isEqualTo(304);
		assertThat(again.body()).isEmpty();
		assertThat(inferenceCalls()).as("model calls").isEqualTo(calls);
		assertThat(header(get(TEST + "/items/17/prediction?topK=5"), "ETag")).isNotEqualTo(tag);
		assertThat(header(get(TEST + "/items/18/prediction?topK=4"), "ETag")).isNotEqualTo(tag);
	}

	/** What makes the tag true: an image's probabilities do not depend on the batch it ran in. */
	@Test
	void aStoredImagesPredictionIsTheSameBytesAloneAsInABatch() {
		JsonNode batched = predict("?topK=10", "application/x-npy", testImagesNpy(200, 64));
		for (int i = 0; i < 64; i++) {
			JsonNode alone = getJson(TEST + "/items/" + (200 + i) + "/prediction?topK=10").get("prediction");
			assertThat(alone.get("probabilities").toString()).as("image %d", 200 + i)
				.isEqualTo(batched.get(i).get("probabilities").toString());
			assertThat(alone.get("top").toString()).as("image %d", 200 + i).isEqualTo(batched.get(i).get("top").toString());
		}
	}

	private double inferenceCalls() {
		return new String(get("/actuator/prometheus").body()).lines()
			.filter((line) -> line.startsWith("fmnist_inference_batch_size_count{model=\"baseline\"}"))
			.mapToDouble((line) -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
			.findFirst()
			.orElseThrow();
	}

	@ParameterizedTest
	@ValueSource(ints = { 0, 7, 99, 512, 4321 })
	void thePngOfAStoredImageGetsTheSamePredictionAsTheStoredImage(int index) {
		byte[] png = get(TEST + "/images/" + index + ".png").body();

		JsonNode prediction = predict("", "image/png", png).get(0);

		JsonNode stored = storedPrediction(index);
		assertThat(prediction.get("label").asInt()).isEqualTo(stored.get("label").asInt());
		assertSameProbabilities(prediction, stored);
	}

	@ParameterizedTest
	@CsvSource({ "jpeg, image/jpeg", "gif, image/gif", "bmp, image/bmp", "png, image/jpeg" })
	void otherFormatsAreDecodedWhateverTheirDeclaredType(String format, String contentType) {
		byte[] stored = OriginalFiles.image("t10k", 3);

		JsonNode prediction = predict("", contentType, ImageFixtures.encode(ImageFixtures.gray(stored, 4), format)).get(0);

		assertThat(prediction.get("label").asInt()).isEqualTo(storedPrediction(3).get("label").asInt());
	}

	@Test
	void aPictureSentAsAnOctetStreamIsRecognised() {
		byte[] png = get(TEST + "/images/6.png").body();

		assertSameProbabilities(predict("", "application/octet-stream", png).get(0), storedPrediction(6));
		assertSameProbabilities(predict("", null, png).get(0), storedPrediction(6));
	}

	@Test
	void aLargeColourPictureIsResizedTo28x28() {
		byte[] stored = OriginalFiles.image("t10k", 5);
		byte[] jpeg = ImageFixtures.encode(ImageFixtures.tinted(stored, 60), "jpeg"); // 1680x1680 colour

		JsonNode prediction = predict("", "image/jpeg", jpeg).get(0);

		assertThat(prediction.get("label").asInt()).isEqualTo(storedPrediction(5).get("label").asInt());
	}

	@Test
	void autoInvertsADarkArticleOnALightBackground() {
		byte[] darkOnLight = get(TEST + "/images/11.png?scale=4&invert=true").body();

		JsonNode auto = predict("", "image/png", darkOnLight).get(0);
		JsonNode explicit = predict("?invert=true", "image/png", darkOnLight).get(0);

		JsonNode stored = storedPrediction(11);
		assertSameProbabilities(auto, stored);
		assertSameProbabilities(explicit, stored);
	}

	@Test
	void invertFalseKeepsThePictureAsItIs() {
		byte[] png = get(TEST + "/images/11.png?invert=true").body();
		byte[] npy = npy(org.fashionmnist.server.tensor.NpyHeader.of("|u1", 1, 28, 28),
				ImageFixtures.inverted(OriginalFiles.image("t10k", 11)));

		assertSameProbabilities(predict("?invert=false", "image/png", png).get(0), predict("", "application/x-npy", npy).get(0));
	}

	@Test
	void multipartFilesArePredictedInOrder() {
		int[] indices = { 17, 3, 250, 8 };
		List<Part> parts = new ArrayList<>();
		for (int index : indices) {
			parts.add(new Part("file", index + ".png", "image/png", get(TEST + "/images/" + index + ".png?scale=2").body()));
		}

		JsonNode predictions = predict("", "multipart/form-data; boundary=xyz", multipart("xyz", parts));

		assertThat(predictions).hasSize(indices.length);
		for (int i = 0; i < indices.length; i++) {
			assertSameProbabilities(predictions.get(i), storedPrediction(indices[i]));
		}
	}

	@Test
	void jsonInstancesMayBeNestedOrFlat() {
		byte[] first = OriginalFiles.image("t10k", 21);
		byte[] second = OriginalFiles.image("t10k", 22);
		String body = "{\"instances\": [" + nested(first) + ", " + flat(second) + "]}";

		JsonNode predictions = predict("", "application/json", body.getBytes());

		assertThat(predictions).hasSize(2);
		assertSameProbabilities(predictions.get(0), storedPrediction(21));
		assertSameProbabilities(predictions.get(1), storedPrediction(22));
	}

	@ParameterizedTest
	@ValueSource(strings = { "28,28", "784", "1,28,28" })
	void float32NpyOfEveryAcceptedShapeGivesTheSamePredictionsAsUint8(String itemShape) {
		byte[] images = java.util.Arrays.copyOfRange(OriginalFiles.images("t10k"), 30 * 784, 33 * 784);
		float[] values = new float[images.length];
		for (int i = 0; i < values.length; i++) {
			values[i] = images[i] & 0xff;
		}
		long[] shape = java.util.stream.Stream.concat(java.util.stream.Stream.of("3"), java.util.Arrays.stream(itemShape.split(",")))
			.mapToLong(Long::parseLong)
			.toArray();

		JsonNode floats = predict("", "application/octet-stream", floatNpy(values, shape));
		JsonNode bytes = predict("", "application/x-npy", testImagesNpy(30, 3));

		for (int i = 0; i < 3; i++) {
			assertSameProbabilities(floats.get(i), bytes.get(i));
		}
	}

	@ParameterizedTest
	@ValueSource(ints = { 1, 3, 10 })
	void topKListsTheMostLikelyClassesInOrder(int topK) {
		JsonNode prediction = predict("?topK=" + topK, "application/x-npy", testImagesNpy(40, 1)).get(0);

		JsonNode top = prediction.get("top");
		assertThat(top).hasSize(topK);
		assertThat(top.get(0).get("label").asInt()).isEqualTo(prediction.get("label").asInt());
		assertThat(top.get(0).get("probability").asDouble()).isEqualTo(prediction.get("confidence").asDouble());
		for (int i = 0; i < topK; i++) {
			int label = top.get(i).get("label").asInt();
			assertThat(top.get(i).get("probability").asDouble()).isEqualTo(prediction.get("probabilities").get(label).asDouble());
			if (i > 0) {
				assertThat(top.get(i).get("probability").asDouble()).isLessThanOrEqualTo(top.get(i - 1).get("probability").asDouble());
			}
		}
	}

	@Test
	void theDefaultTopKIsThree() {
		assertThat(predict("", "application/x-npy", testImagesNpy(40, 1)).get(0).get("top")).hasSize(3);
	}

	private static void assertValidPrediction(JsonNode prediction) {
		JsonNode probabilities = prediction.get("probabilities");
		assertThat(probabilities).hasSize(10);
		double sum = probabilities.valueStream().mapToDouble(JsonNode::asDouble).sum();
		assertThat(sum).isCloseTo(1.0, within(1e-4));
		int label = prediction.get("label").asInt();
		assertThat(prediction.get("confidence").asDouble()).isEqualTo(probabilities.get(label).asDouble());
		probabilities.forEach((p) -> assertThat(p.asDouble()).isLessThanOrEqualTo(prediction.get("confidence").asDouble()));
	}

	/** Equal up to float rounding: ONNX Runtime may sum in another order for another batch size. */
	private static void assertSameProbabilities(JsonNode actual, JsonNode expected) {
		assertValidPrediction(actual);
		assertThat(actual.get("label").asInt()).isEqualTo(expected.get("label").asInt());
		for (int label = 0; label < 10; label++) {
			assertThat(actual.get("probabilities").get(label).asDouble()).as("probability of class %d", label)
				.isCloseTo(expected.get("probabilities").get(label).asDouble(), within(1e-4));
		}
	}

	static String flat(byte[] image) {
		StringJoiner values = new StringJoiner(",", "[", "]");
		for (byte value : image) {
			values.add(Integer.toString(value & 0xff));
		}
		return values.toString();
	}

	static String nested(byte[] image) {
		StringJoiner rows = new StringJoiner(",", "[", "]");
		for (int y = 0; y < 28; y++) {
			rows.add(flat(java.util.Arrays.copyOfRange(image, y * 28, (y + 1) * 28)));
		}
		return rows.toString();
	}

}
