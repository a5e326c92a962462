package org.fashionmnist.server.web.dataset;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

import org.fashionmnist.server.OriginalFiles;
import org.fashionmnist.server.web.HttpTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Items and sprite sheets filtered by what the model predicts ({@code predicted}, {@code correct},
 * {@code model}), held to each item's own prediction as {@code /items/{index}/prediction} answers it, and
 * to the model's confusion matrix.
 */
class PredictionFilterApiTest extends HttpTest {

	/** The train split's predictions take a while on a busy machine; a client honours Retry-After meanwhile. */
	private static final Duration PATIENCE = Duration.ofMinutes(10);

	@Test
	void filteredItemsCarryTheirOwnPredictionAndMatchTheFilter() {
		JsonNode page = getPredicted(TEST + "/items?predicted=6&correct=false&size=1000");
		assertThat(page.get("totalItems").asInt()).isPositive();
		for (JsonNode item : page.get("items")) {
			int index = item.get("index").asInt();
			assertThat(item.get("predictedLabel").asInt()).isEqualTo(6);
			assertThat(item.get("label").asInt()).isNotEqualTo(6);
			if (index % 5 == 0) {
				JsonNode own = getJson(TEST + "/items/" + index + "/prediction");
				assertThat(own.get("correct").asBoolean()).isFalse();
				assertThat(own.get("prediction").get("label").asInt()).isEqualTo(6);
				assertThat(item.get("confidence").floatValue()).as("confidence of item %d", index)
					.isEqualTo(own.get("prediction").get("confidence").floatValue());
			}
		}
	}

	@Test
	void countsByTrueAndPredictedClassAreTheConfusionMatrix() {
		JsonNode matrix = getJson("/api/v1/models/baseline").get("evaluation").get("confusionMatrix");
		int total = 0;
		for (int label = 0; label < 10; label++) {
			for (int predicted = 0; predicted < 10; predicted++) {
				HttpResponse<byte[]> response = awaitPredictions(TEST + "/items?size=1&label=" + label + "&predicted=" + predicted);
				int count = Integer.parseInt(header(response, "X-Total-Count"));
				assertThat(count).as("true %d predicted %d", label, predicted).isEqualTo(matrix.get(label).get(predicted).asInt());
				total += count;
			}
		}
		assertThat(total).isEqualTo(10_000);
		int right = getPredicted(TEST + "/items?correct=true&size=1").get("totalItems").asInt();
		int wrong = getPredicted(TEST + "/items?correct=false&size=1").get("totalItems").asInt();
		assertThat(right + wrong).isEqualTo(10_000);
		int diagonal = 0;
		for (int label = 0; label < 10; label++) {
			diagonal += matrix.get(label).get(label).asInt();
		}
		assertThat(right).isEqualTo(diagonal);
	}

	@Test
	void theTrainSplitCanBeFilteredToo() {
		JsonNode wrong = getPredicted(TRAIN + "/items?correct=false&label=0,2&size=20");
		int right = getPredicted(TRAIN + "/items?correct=true&label=0,2&size=1").get("totalItems").asInt();
		assertThat(wrong.get("totalItems").asInt() + right).isEqualTo(12_000);
		assertThat(wrong.get("items")).hasSize(20);
		int previous = -1;
		for (JsonNode item : wrong.get("items")) {
			int index = item.get("index").asInt();
			assertThat(index).as("ascending indices").isGreaterThan(previous);
			previous = index;
			assertThat(item.get("label").asInt()).isIn(0, 2);
			JsonNode own = getJson(TRAIN + "/items/" + index + "/prediction");
			assertThat(own.get("correct").asBoolean()).isFalse();
			assertThat(item.get("predictedLabel").asInt()).isEqualTo(own.get("prediction").get("label").asInt());
			assertThat(item.get("confidence").floatValue()).isEqualTo(own.get("prediction").get("confidence").floatValue());
		}
	}

	@Test
	void linksRepeatTheFilterAndUnfilteredItemsCarryNoPrediction() {
		HttpResponse<byte[]> response = awaitPredictions(TEST + "/items?predicted=3,1&correct=true&model=baseline&size=10");
		assertThat(header(response, "Link")).contains("/items?size=10&predicted=1,3&correct=true&model=baseline&page=1>; rel=\"next\"");
		JsonNode plain = getJson(TEST + "/items?size=3&model=baseline");
		assertThat(plain.get("totalItems").asInt()).isEqualTo(10_000);
		plain.get("items").forEach((item) -> assertThat(item.has("predictedLabel") || item.has("confidence")).isFalse());
	}

	@Test
	void spriteSheetHoldsTheFilteredItemsInOrder() throws IOException {
		JsonNode items = getPredicted(TEST + "/items?label=4&predicted=2&size=12").get("items");
		HttpResponse<byte[]> response = awaitPredictions(TEST + "/sprite.png?label=4&predicted=2&limit=12&columns=4&scale=2");
		BufferedImage sheet = ImageApiTest.decode(response.body());
		byte[] all = OriginalFiles.images("t10k");
		List<Integer> indices = new ArrayList<>();
		items.forEach((item) -> indices.add(item.get("index").asInt()));
		assertThat(indices).hasSize(Math.min(12, items.size()));
		for (int tile = 0; tile < indices.size(); tile++) {
			byte[] expected = Arrays.copyOfRange(all, indices.get(tile) * 784, indices.get(tile) * 784 + 784);
			assertThat(ImageApiTest.tile(sheet, tile, 4, 2)).as("tile %d", tile).isEqualTo(expected);
		}
		String etag = header(response, "ETag");
		assertThat(etag).startsWith("\"");
		assertThat(get(TEST + "/sprite.png?label=4&predicted=2&limit=12&columns=4&scale=2", "If-None-Match", etag).statusCode())
			.isEqualTo(304);
		assertThat(header(get(TEST + "/sprite.png?label=4&limit=12&columns=4&scale=2"), "ETag")).isNotEqualTo(etag);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "items?predicted=10|predicted", "items?predicted=-1|predicted", "items?correct=maybe|correct",
			"items?model=nope|model", "items?model=nope&correct=true|model", "sprite.png?predicted=10|predicted",
			"sprite.png?correct=maybe|correct", "sprite.png?model=nope&predicted=1|model", "items?predicted=x|predicted" })
	void rejectsFilterValuesOutOfRange(String query, String parameter) {
		assertParameterProblem(get(TEST + "/" + query), parameter);
	}

	private JsonNode getPredicted(String pathAndQuery) {
		HttpResponse<byte[]> response = awaitPredictions(pathAndQuery);
		assertThat(header(response, "Content-Type")).isEqualTo("application/json");
		return this.json.readTree(response.body());
	}

	/** GETs, and while the predictions are pending (503 with Retry-After), waits as told and tries again. */
	private HttpResponse<byte[]> awaitPredictions(String pathAndQuery) {
		long deadline = System.nanoTime() + PATIENCE.toNanos();
		while (true) {
			HttpResponse<byte[]> response = get(pathAndQuery);
			if (response.statusCode() != 503 || System.nanoTime() > deadline) {
				assertThat(response.statusCode()).as("GET %s: %s", pathAndQuery, new String(response.body())).isEqualTo(200);
				return response;
			}
			JsonNode problem = assertProblem(response, 503);
			assertThat(problem.get("type").asString()).isEqualTo("/problems/predictions-pending");
			long seconds = Long.parseLong(header(response, "Retry-After"));
			assertThat(seconds).isPositive();
			sleep(Math.min(seconds, 5));
		}
	}

	private static void sleep(long seconds) {
		try {
			Thread.sleep(seconds * 1000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
