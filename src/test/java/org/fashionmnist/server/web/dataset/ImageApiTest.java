package org.fashionmnist.server.web.dataset;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.fashionmnist.server.OriginalFiles;
import org.fashionmnist.server.web.HttpTest;

import static org.assertj.core.api.Assertions.assertThat;

class ImageApiTest extends HttpTest {

	@ParameterizedTest
	@CsvSource({ "train, train, 0", "train, train, 1", "train, train, 31337", "train, train, 59999", "test, t10k, 0",
			"test, t10k, 4242", "test, t10k, 9999", "t10k, t10k, 17" })
	void pngHoldsExactlyTheStoredPixels(String split, String filePrefix, int index) throws IOException {
		HttpResponse<byte[]> response = get(DATASET + "/splits/" + split + "/images/" + index + ".png");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(header(response, "Content-Type")).isEqualTo("image/png");
		BufferedImage image = decode(response.body());
		assertThat(image.getType()).isEqualTo(BufferedImage.TYPE_BYTE_GRAY);
		assertThat(image.getColorModel().getPixelSize()).isEqualTo(8);
		assertThat(pixels(image, 1, false)).isEqualTo(OriginalFiles.image(filePrefix, index));
	}

	@Test
	void everyTestImageDecodesToItsStoredPixels() throws IOException {
		byte[] all = OriginalFiles.images("t10k");
		for (int index = 0; index < 10_000; index += 97) {
			BufferedImage image = decode(get(TEST + "/images/" + index + ".png").body());
			byte[] expected = java.util.Arrays.copyOfRange(all, index * 784, (index + 1) * 784);
			assertThat(pixels(image, 1, false)).as("test image %d", index).isEqualTo(expected);
		}
	}

	@ParameterizedTest
	@CsvSource({ "2, false", "3, true", "16, false", "16, true", "1, true" })
	void scaledAndInvertedImagesRepeatEachPixelAndFlipValues(int scale, boolean invert) throws IOException {
		BufferedImage image = decode(get(TRAIN + "/images/123.png?scale=" + scale + "&invert=" + invert).body());

		assertThat(image.getWidth()).isEqualTo(28 * scale);
		assertThat(image.getHeight()).isEqualTo(28 * scale);
		Raster raster = image.getRaster();
		byte[] stored = OriginalFiles.image("train", 123);
		for (int y = 0; y < 28 * scale; y++) {
			for (int x = 0; x < 28 * scale; x++) {
				int value = stored[(y / scale) * 28 + x / scale] & 0xff;
				assertThat(raster.getSample(x, y, 0)).as("pixel %d,%d", x, y).isEqualTo(invert ? 255 - value : value);
			}
		}
	}

	@Test
	void imagesCarryAStrongEtagAndAnswerIfNoneMatchWith304() {
		HttpResponse<byte[]> first = get(TRAIN + "/images/5.png?scale=2");
		String etag = header(first, "ETag");

		assertThat(etag).startsWith("\"").endsWith("\"");
		assertThat(header(first, "Cache-Control")).contains("public").contains("max-age=31536000").contains("immutable");
		HttpResponse<byte[]> again = get(TRAIN + "/images/5.png?scale=2", "If-None-Match", etag);
		assertThat(again.statusCode()).isEqualTo(304);
		assertThat(again.body()).isEmpty();
		assertThat(header(again, "ETag")).isEqualTo(etag);
		assertThat(header(get(TRAIN + "/images/5.png?scale=3"), "ETag")).isNotEqualTo(etag);
		assertThat(get(TRAIN + "/images/5.png?scale=3", "If-None-Match", etag).statusCode()).isEqualTo(200);
	}

	@Test
	void theSameRequestGivesTheSameBytes() {
		assertThat(get(TRAIN + "/images/77.png?scale=5").body()).isEqualTo(get(TRAIN + "/images/77.png?scale=5").body());
	}

	@Test
	void spriteSheetPlacesTilesInRowMajorOrder() throws IOException {
		BufferedImage sheet = decode(get(TRAIN + "/sprite.png?offset=100&limit=12&columns=5&scale=2").body());

		assertThat(sheet.getWidth()).isEqualTo(5 * 56);
		assertThat(sheet.getHeight()).isEqualTo(3 * 56);
		for (int tile = 0; tile < 15; tile++) {
			byte[] expected = tile < 12 ? OriginalFiles.image("train", 100 + tile) : new byte[784];
			assertThat(tile(sheet, tile, 5, 2)).as("tile %d", tile).isEqualTo(expected);
		}
	}

	@Test
	void spriteSheetFiltersByLabelAndHoldsOnlyWhatRemains() throws IOException {
		byte[] labels = OriginalFiles.labels("t10k");
		int[] bags = java.util.stream.IntStream.range(0, labels.length).filter((i) -> labels[i] == 8).toArray();

		BufferedImage sheet = decode(get(TEST + "/sprite.png?label=8&offset=995&limit=100&columns=4&invert=true").body());

		assertThat(bags).hasSize(1000);
		assertThat(sheet.getWidth()).isEqualTo(4 * 28);
		assertThat(sheet.getHeight()).isEqualTo(2 * 28);
		for (int tile = 0; tile < 5; tile++) {
			byte[] expected = OriginalFiles.image("t10k", bags[995 + tile]);
			for (int i = 0; i < expected.length; i++) {
				expected[i] = (byte) (255 - (expected[i] & 0xff));
			}
			assertThat(tile(sheet, tile, 4, 1)).as("tile %d", tile).isEqualTo(expected);
		}
		assertThat(tile(sheet, 5, 4, 1)).isEqualTo(new byte[784]);
	}

	@Test
	void spriteSheetDefaultsToTenByTen() throws IOException {
		BufferedImage sheet = decode(get(TRAIN + "/sprite.png").body());

		assertThat(sheet.getWidth()).isEqualTo(280);
		assertThat(sheet.getHeight()).isEqualTo(280);
		assertThat(tile(sheet, 99, 10, 1)).isEqualTo(OriginalFiles.image("train", 99));
	}

	@ParameterizedTest
	@ValueSource(strings = { "scale=0", "scale=17", "scale=-1" })
	void rejectsScaleOutsideOneToSixteen(String query) {
		assertParameterProblem(get(TRAIN + "/images/0.png?" + query), "scale");
	}

	@Test
	void rejectsNonNumericValues() {
		assertParameterProblem(get(TRAIN + "/images/0.png?scale=big"), "scale");
		assertParameterProblem(get(TRAIN + "/images/first.png"), "index");
		assertParameterProblem(get(TRAIN + "/images/0.png?invert=maybe"), "invert");
	}

	@Test
	void rejectsNegativeIndexAnd404sPastTheEnd() {
		assertParameterProblem(get(TRAIN + "/images/-1.png"), "index");
		assertThat(assertProblem(get(TRAIN + "/images/60000.png"), 404).get("detail").asString()).contains("60000");
		assertProblem(get(TEST + "/images/10000.png"), 404);
		assertProblem(get(TRAIN + "/images/99999999999.png"), 400);
	}

	@Test
	void unknownSplitOrDatasetIs404() {
		assertThat(assertProblem(get(DATASET + "/splits/validation/images/0.png"), 404).get("detail").asString())
			.contains("validation");
		assertProblem(get("/api/v1/datasets/mnist/splits/train/images/0.png"), 404);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "limit=0|limit", "limit=2501|limit", "columns=0|columns", "columns=101|columns",
			"offset=-1|offset", "offset=60000|offset", "scale=17|scale", "label=10|label", "columns=100&scale=4|columns",
			"limit=2500&columns=1|limit" })
	void rejectsSpriteParametersOutOfRange(String query, String parameter) {
		assertParameterProblem(get(TRAIN + "/sprite.png?" + query), parameter);
	}

	@Test
	void problemIsReturnedEvenWhenTheClientAsksOnlyForPng() {
		assertProblem(get(TRAIN + "/images/0.png?scale=99", "Accept", "image/png"), 400);
	}

	static BufferedImage decode(byte[] png) throws IOException {
		BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
		assertThat(image).as("a decodable PNG").isNotNull();
		return image;
	}

	static byte[] pixels(BufferedImage image, int scale, boolean invert) {
		Raster raster = image.getRaster();
		byte[] pixels = new byte[image.getWidth() * image.getHeight() / (scale * scale)];
		int side = image.getWidth() / scale;
		for (int y = 0; y < image.getHeight() / scale; y++) {
			for (int x = 0; x < side; x++) {
				int value = raster.getSample(x * scale, y * scale, 0);
				pixels[y * side + x] = (byte) (invert ? 255 - value : value);
			}
		}
		return pixels;
	}

	static byte[] tile(BufferedImage sheet, int tile, int columns, int scale) {
		int size = 28 * scale;
		BufferedImage sub = sheet.getSubimage((tile % columns) * size, (tile / columns) * size, size, size);
		return pixels(sub, scale, false);
	}

}
