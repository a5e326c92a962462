package org.fashionmnist.server.web.prediction;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

import org.fashionmnist.server.OriginalFiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Saliency maps of stored and uploaded images: what they show is checked by covering pixels and asking the
 * model again, not by comparing with stored numbers.
 */
class SaliencyApiTest extends PredictionHttpTest {

	private static final String JSON = "application/json";

	@Test
	void aStoredImagesMapIsAnRgbHeatMapWithAStrongTag() throws IOException {
		HttpResponse<byte[]> first = get(TEST + "/items/0/saliency.png");
		assertThat(first.statusCode()).isEqualTo(200);
		assertThat(header(first, "Content-Type")).isEqualTo("image/png");
		assertThat(first.headers().allValues("Vary")).contains("Accept");
		BufferedImage image = ImageIO.read(new ByteArrayInputStream(first.body()));
		assertThat(image.getWidth()).isEqualTo(224);
		assertThat(image.getHeight()).isEqualTo(224);
		assertThat(image.getColorModel().getNumComponents()).isEqualTo(3);
		assertThat(coloured(image)).as("pixels tinted by the map").isPositive();

		String etag = header(first, "ETag");
		assertThat(etag).startsWith("\"");
		assertThat(get(TEST + "/items/0/saliency.png", "Accept", "*/*").body()).isEqualTo(first.body());
		assertThat(get(TEST + "/items/0/saliency.png", "If-None-Match", etag).statusCode()).isEqualTo(304);
		BufferedImage small = ImageIO.read(new ByteArrayInputStream(get(TEST + "/items/0/saliency.png?scale=1").body()));
		assertThat(small.getWidth()).isEqualTo(28);
	}

	@Test
	void asJsonItExplainsThePredictedClassWithItsProbability() {
		HttpResponse<byte[]> response = get(TEST + "/items/3/saliency.png", "Accept", JSON);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(header(response, "Content-Type")).isEqualTo(JSON);
		JsonNode map = this.json.readTree(response.body());
		JsonNode prediction = storedPrediction(3);
		assertThat(map.get("model").asString()).isEqualTo("baseline");
		assertThat(map.get("label").asInt()).isEqualTo(prediction.get("label").asInt());
		assertThat(map.get("probability").floatValue()).isEqualTo(prediction.get("confidence").floatValue());
		assertThat(map.get("saliency")).hasSize(28);
		map.get("saliency").forEach((row) -> assertThat(row).hasSize(28));

		JsonNode other = this.json.readTree(get(TEST + "/items/3/saliency.png?label=2", "Accept", JSON).body());
		assertThat(other.get("label").asInt()).isEqualTo(2);
		assertThat(other.get("probability").floatValue())
			.isEqualTo(prediction.get("probabilities").get(2).floatValue());
	}

	/**
	 * The test the map must pass: covering the pixels it ranks highest lowers the probability of the class more
	 * than covering those it ranks lowest, over ten images (a few at random could go either way).
	 */
	@Test
	void coveringTheMostSalientPixelsLowersTheProbabilityMoreThanCoveringTheLeast() {
		byte[] images = OriginalFiles.images("t10k");
		double dropHigh = 0;
		double dropLow = 0;
		for (int index = 0; index < 10; index++) {
			JsonNode map = this.json.readTree(get(TEST + "/items/" + index + "/saliency.png", "Accept", JSON).body());
			int label = map.get("label").asInt();
			float[] values = new float[784];
			for (int y = 0; y < 28; y++) {
				for (int x = 0; x < 28; x++) {
					values[y * 28 + x] = map.get("saliency").get(y).get(x).floatValue();
				}
			}
			Integer[] ranked = IntStream.range(0, 784).boxed().sorted(Comparator.comparingDouble((i) -> -values[i])).toArray(Integer[]::new);
			int[] pixels = new int[784];
			for (int i = 0; i < 784; i++) {
				pixels[i] = images[index * 784 + i] & 0xff;
			}
			int[] coveredHigh = pixels.clone();
			int[] coveredLow = pixels.clone();
			for (int k = 0; k < 80; k++) {
				coveredHigh[ranked[k]] = 0;
				coveredLow[ranked[783 - k]] = 0;
			}
			String body = "{\"instances\": [" + Arrays.toString(coveredHigh) + ", " + Arrays.toString(coveredLow) + "]}";
			JsonNode predictions = predict("?topK=1", JSON, body.getBytes(StandardCharsets.UTF_8));
			float probability = map.get("probability").floatValue();
			dropHigh += probability - predictions.get(0).get("probabilities").get(label).floatValue();
			dropLow += probability - predictions.get(1).get("probabilities").get(label).floatValue();
		}
		assertThat(dropHigh).as("mean drop covering the most salient pixels, against the least").isGreaterThan(dropLow + 0.05 * 10);
	}

	@Test
	void anUploadedImageGetsTheSameMapAsTheStoredOne() throws IOException {
		byte[] png = get(TEST + "/images/5.png").body();
		HttpResponse<byte[]> json = post(MODELS + "/baseline/saliency", png, "Content-Type", "image/png", "Accept", JSON);
		assertThat(json.statusCode()).as(new String(json.body())).isEqualTo(200);
		JsonNode stored = this.json.readTree(get(TEST + "/items/5/saliency.png", "Accept", JSON).body());
		assertThat(this.json.readTree(json.body())).isEqualTo(stored);

		HttpResponse<byte[]> picture = post(MODELS + "/baseline/saliency?scale=4", png, "Content-Type", "image/png");
		assertThat(header(picture, "Content-Type")).isEqualTo("image/png");
		BufferedImage image = ImageIO.read(new ByteArrayInputStream(picture.body()));
		assertThat(image.getWidth()).isEqualTo(112);
		assertThat(picture.body()).isEqualTo(get(TEST + "/items/5/saliency.png?scale=4").body());
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "label=10|label", "label=-1|label", "scale=0|scale", "scale=17|scale", "model=nope|model",
			"label=x|label" })
	void rejectsStoredImageParametersOutOfRange(String query, String parameter) {
		assertParameterProblem(get(TEST + "/items/0/saliency.png?" + query), parameter);
	}

	@Test
	void anUploadMustBeExactlyOneImageAndParametersInRange() {
		byte[] two = "{\"instances\": [[0], [0]]}".getBytes(StandardCharsets.UTF_8);
		byte[] twoImages = ("{\"instances\": [" + Arrays.toString(new int[784]) + ", " + Arrays.toString(new int[784]) + "]}")
			.getBytes(StandardCharsets.UTF_8);
		assertThat(assertProblem(post(MODELS + "/baseline/saliency", JSON, twoImages), 400).get("detail").asString())
			.contains("one image");
		assertProblem(post(MODELS + "/baseline/saliency", JSON, two), 400);
		byte[] one = ("{\"instances\": [" + Arrays.toString(new int[784]) + "]}").getBytes(StandardCharsets.UTF_8);
		assertParameterProblem(post(MODELS + "/baseline/saliency?label=10", JSON, one), "label");
		assertParameterProblem(post(MODELS + "/baseline/saliency?scale=99", JSON, one), "scale");
		assertProblem(post(MODELS + "/nope/saliency", JSON, one), 404);
		assertProblem(post(MODELS + "/baseline/saliency", "text/plain", one), 415);
		assertProblem(get(TEST + "/items/10000/saliency.png"), 404);
		assertStillReady();
	}

	private static int coloured(BufferedImage image) {
		int count = 0;
		for (int y = 0; y < image.getHeight(); y++) {
			for (int x = 0; x < image.getWidth(); x++) {
				int rgb = image.getRGB(x, y);
				int r = (rgb >> 16) & 0xff;
				int g = (rgb >> 8) & 0xff;
				int b = rgb & 0xff;
				count += (r != g || g != b) ? 1 : 0;
			}
		}
		return count;
	}

}
