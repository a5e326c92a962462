package org.fashionmnist.server.web.prediction;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import org.fashionmnist.server.ImageFixtures;
import org.fashionmnist.server.OriginalFiles;
import org.fashionmnist.server.tensor.NpyHeader;

import static org.assertj.core.api.Assertions.assertThat;

/** Every kind of bad input is a 4xx problem that says what is wrong, and the server stays ready. */
class BadInputApiTest extends PredictionHttpTest {

	private static final byte[] IMAGE = OriginalFiles.image("t10k", 0);

	@AfterEach
	void serverStaysReady() {
		assertStillReady();
		assertThat(predict("", "application/x-npy", testImagesNpy(0, 1))).hasSize(1);
	}

	@ParameterizedTest
	@ValueSource(strings = { "image/png", "application/json", "application/x-npy", "multipart/form-data; boundary=b" })
	void anEmptyBodyIsRefused(String contentType) {
		JsonNode problem = assertProblem(post(PREDICTIONS, contentType, new byte[0]), 400);

		assertThat(problem.get("type").asString()).isEqualTo("/problems/invalid-input");
	}

	@Test
	void anEmptyImageSaysSo() {
		assertThat(detail(post(PREDICTIONS, "image/png", new byte[0]), 400)).contains("The image is empty");
	}

	@Test
	void bytesThatAreNotAnImageAreRefused() {
		assertThat(detail(post(PREDICTIONS, "image/png", "this is not a picture".getBytes()), 400))
			.isEqualTo("The bytes are not a PNG, JPEG, GIF or BMP image.");
	}

	@Test
	void anUnsupportedMediaTypeIs415() {
		HttpResponse<byte[]> response = post(PREDICTIONS, "text/plain", "hello".getBytes());

		JsonNode problem = assertProblem(response, 415);
		assertThat(problem.get("detail").asString()).contains("text/plain").contains("image/png").contains("application/x-npy");
	}

	@Test
	void aTiffIsAnUnsupportedMediaType() {
		assertProblem(post(PREDICTIONS, "image/tiff", new byte[] { 'I', 'I', 42, 0 }), 415);
	}

	@ParameterizedTest
	@CsvSource({ "png, image/png, PNG", "jpeg, image/jpeg, JPEG" })
	void aTruncatedImageIsRefused(String format, String contentType, String name) {
		byte[] whole = ImageFixtures.encode(ImageFixtures.tinted(IMAGE, 8), format);

		assertThat(detail(post(PREDICTIONS, contentType, ImageFixtures.truncated(whole)), 400))
			.startsWith("The " + name + " image is truncated or damaged");
	}

	/** Refused from its header (ImageDecoderTest holds the decoder to allocating next to nothing for it). */
	@Test
	void aDecompressionBombIsRefusedWithoutDecodingIt() {
		byte[] bomb = ImageFixtures.pngDeclaring(20_000, 20_000);

		HttpResponse<byte[]> response = post(PREDICTIONS, "image/png", bomb);

		assertThat(assertProblem(response, 413).get("detail").asString()).contains("20000x20000").contains("not decoded");
	}

	@Test
	void aDecompressionBombInAMultipartPartIsRefusedToo() {
		byte[] body = multipart("b", List.of(new Part("file", "ok.png", "image/png", ImageFixtures.encode(ImageFixtures.gray(IMAGE, 1), "png")),
				new Part("file", "bomb.png", "image/png", ImageFixtures.pngDeclaring(30_000, 30_000))));

		assertThat(detail(post(PREDICTIONS, "multipart/form-data; boundary=b", body), 413)).startsWith("Part 1 (0-based) 'bomb.png': ");
	}

	@Test
	void aRepeatedTopKIsRefusedWithoutReadingTheBody() {
		byte[] png = ImageFixtures.encode(ImageFixtures.gray(IMAGE, 1), "png");

		assertThat(assertParameterProblem(post(PREDICTIONS + "?topK=1&topK=2", "image/png", png), "topK").get("detail").asString())
			.isEqualTo("Invalid parameter: topK takes one value, found 2: '1', '2'.");
		assertParameterProblem(post(PREDICTIONS + "?topK=1&topK=2", "multipart/form-data; boundary=b",
				multipart("b", java.util.Collections.nCopies(1001, new Part("file", "a.png", "image/png", png)))), "topK");
	}

	@Test
	void moreMultipartFilesThanTheLimitAreRefused() {
		byte[] png = ImageFixtures.encode(ImageFixtures.gray(IMAGE, 1), "png");
		List<Part> parts = java.util.Collections.nCopies(1001, new Part("file", "a.png", "image/png", png));

		assertThat(detail(post(PREDICTIONS, "multipart/form-data; boundary=b", multipart("b", parts)), 413))
			.isEqualTo("The multipart body has more parts than this server accepts; send at most 1000 files per request.");
	}

	@Test
	void aMultipartBodyWithoutFilePartsIsRefused() {
		byte[] body = multipart("b", List.of(new Part("image", "a.png", "image/png", ImageFixtures.encode(ImageFixtures.gray(IMAGE, 1), "png"))));

		assertThat(detail(post(PREDICTIONS, "multipart/form-data; boundary=b", body), 400)).contains("no part named 'file'");
	}

	@ParameterizedTest
	@CsvSource(delimiter = ';', value = { "{\"instances\": [[1, 2, 3]]};instance 0 (0-based) has 3 values",
			"{\"instances\": [[[1, 2], [3, 4]]]};instance 0 (0-based) row 0 has 2 values",
			"{\"instances\": []};expected at least one image",
			"{\"images\": []};expected only the field \"instances\"", "[1, 2, 3];expected an object",
			"{\"instances\": [\"abc\"]};instance 0 (0-based) must be a list",
			"{\"instances\": [[1, 2;not valid JSON" })
	void jsonOfTheWrongShapeIsRefused(String body, String expected) {
		assertThat(detail(post(PREDICTIONS, "application/json", body.getBytes()), 400)).contains(expected);
	}

	@Test
	void jsonWith27RowsIsRefused() {
		String rows = String.join(",", java.util.Collections.nCopies(27, PredictionApiTest.flat(new byte[28])));

		assertThat(detail(post(PREDICTIONS, "application/json", ("{\"instances\": [[" + rows + "]]}").getBytes()), 400))
			.contains("instance 0 (0-based) has 27 rows; expected 28 rows of 28 numbers, or 784 numbers");
	}

	@ParameterizedTest
	@CsvSource({ "256, 256.0", "-1, -1.0", "300.5, 300.5" })
	void jsonValuesOutside0To255AreRefused(String value, String shown) {
		String image = PredictionApiTest.flat(new byte[784]).replaceFirst("\\[0,0,0,0,0", "[0,0," + value + ",0,0");

		assertThat(detail(post(PREDICTIONS, "application/json", ("{\"instances\": [" + image + "]}").getBytes()), 400))
			.isEqualTo("Pixel values must be numbers from 0 to 255: instance 0 (0-based) has " + shown + " at row 0, column 2.");
	}

	@Test
	void jsonWithAStringForAPixelIsRefused() {
		String image = PredictionApiTest.flat(new byte[784]).replaceFirst("\\[0,", "[\"0\",");

		assertThat(detail(post(PREDICTIONS, "application/json", ("{\"instances\": [" + image + "]}").getBytes()), 400))
			.contains("holds a string");
	}

	@ParameterizedTest
	@CsvSource({ "NaN, NaN", "Infinity, infinity", "256, 256.0", "-0.5, -0.5" })
	void floatNpyWithNaNInfinityOrOutOfRangeValuesIsRefused(float value, String shown) {
		float[] values = new float[2 * 784];
		values[784 + 28 * 3 + 4] = value;

		assertThat(detail(post(PREDICTIONS, "application/x-npy", floatNpy(values, 2, 28, 28)), 400))
			.isEqualTo("Pixel values must be numbers from 0 to 255: instance 1 (0-based) has " + shown + " at row 3, column 4.");
	}

	@ParameterizedTest
	@CsvSource(delimiter = ';', value = { "1,27,27;(1, 27, 27)", "784;(784,)", "2,28;(2, 28)", "1,3,28,28;(1, 3, 28, 28)",
			"28,28,1;(28, 28, 1)" })
	void npyOfAWrongShapeIsRefused(String shape, String shown) {
		long[] dims = java.util.Arrays.stream(shape.split(",")).mapToLong(Long::parseLong).toArray();
		int elements = (int) java.util.Arrays.stream(dims).reduce(1, (a, b) -> a * b);

		assertThat(detail(post(PREDICTIONS, "application/x-npy", npy(NpyHeader.of("|u1", dims), new byte[elements])), 400))
			.isEqualTo("The .npy shape " + shown + " is not supported: expected (n, 28, 28), (n, 784) or (n, 1, 28, 28).");
	}

	@ParameterizedTest
	@CsvSource({ "<i8, 8", "<f8, 8", "<f2, 2", "|b1, 1", "<i4, 4" })
	void npyOfAnotherDtypeIsRefused(String descr, int itemSize) {
		byte[] body = npy(NpyHeader.of(descr, 1, 28, 28), new byte[784 * itemSize]);

		assertThat(detail(post(PREDICTIONS, "application/x-npy", body), 400))
			.startsWith("The .npy dtype '" + descr + "' is not supported");
	}

	@Test
	void npyWhoseDataIsShorterThanItsShapeIsRefused() {
		byte[] body = npy(NpyHeader.of("|u1", 2, 28, 28), new byte[784]);

		assertThat(detail(post(PREDICTIONS, "application/x-npy", body), 400)).contains("need 1568 bytes of data, found 784");
	}

	@Test
	void bytesThatAreNotNpyAreRefused() {
		assertThat(detail(post(PREDICTIONS, "application/x-npy", "PK\3\4 a zip file".getBytes()), 400))
			.startsWith("The body is not a valid .npy file");
	}

	@Test
	void octetStreamBytesThatAreNeitherNpyNorAPictureAreRefused() {
		assertThat(detail(post(PREDICTIONS, "application/octet-stream", "PK\3\4 a zip file".getBytes()), 400))
			.isEqualTo("The body is neither a .npy file (which starts with \\x93NUMPY) nor a PNG, JPEG, GIF or BMP picture.");
	}

	@Test
	void moreInstancesThanTheLimitAreRefused() {
		assertThat(detail(post(PREDICTIONS, "application/x-npy", npy(NpyHeader.of("|u1", 1001, 784), new byte[1001 * 784])), 413))
			.contains("1001 images, more than the 1000");
	}

	@Test
	void aBodyOverTheLimitIsRefusedBeforeItIsRead() throws IOException {
		String response = rawPost(PREDICTIONS, "application/x-npy", 100_000_000L);

		assertThat(response).startsWith("HTTP/1.1 413").contains("application/problem+json").contains("16777216 bytes");
	}

	@Test
	void aMultipartBodyOverTheLimitIsRefusedBeforeItIsRead() throws IOException {
		String response = rawPost(PREDICTIONS, "multipart/form-data; boundary=b", 100_000_000L);

		assertThat(response).startsWith("HTTP/1.1 413").contains("application/problem+json").contains("16777216 bytes");
	}

	@Test
	void aChunkedBodyOverTheLimitIsRefused() throws IOException {
		String response = rawChunkedPost(PREDICTIONS, "application/x-npy", 16 * 1024 * 1024 + 1);

		assertThat(response).startsWith("HTTP/1.1 413").contains("application/problem+json").contains("found more than that");
	}

	@Test
	void aMethodNotAllowedNamesEveryAllowedMethod() {
		for (String path : new String[] { "/api/v1/datasets", TEST + "/items/0", TEST + "/images/0.png" }) {
			HttpResponse<byte[]> response = post(path, "application/json", "{}".getBytes());
			JsonNode problem = assertProblem(response, 405);
			assertThat(header(response, "Allow").split(",\\s*")).as(path).containsExactlyInAnyOrder("GET", "HEAD", "OPTIONS");
			assertThat(problem.get("detail").asString()).as(path)
				.isEqualTo("POST is not supported at " + path + ". It answers GET, HEAD, OPTIONS.");
		}
		HttpResponse<byte[]> getOfAPost = get(PREDICTIONS);
		assertProblem(getOfAPost, 405);
		assertThat(header(getOfAPost, "Allow").split(",\\s*")).containsExactlyInAnyOrder("POST", "OPTIONS");
	}

	@Test
	void optionsListsTheMethodsWithoutAnEmptyAcceptPatch() throws IOException {
		for (String path : new String[] { "/", "/api/v1/datasets", TEST + "/items/0", PREDICTIONS }) {
			String response = raw("OPTIONS " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
			assertThat(response).as(path).startsWith("HTTP/1.1 200 ").containsPattern("(?i)\r\nAllow: [^\r]*OPTIONS");
			assertThat(response.toLowerCase(Locale.ROOT)).as(path).doesNotContain("accept-patch");
		}
	}

	@Test
	void traceIsRefusedWithAProblemAndNeverEchoed() throws IOException {
		String response = raw("TRACE /api/v1/datasets HTTP/1.1\r\nHost: localhost\r\nX-Secret: 42\r\nConnection: close\r\n\r\n");

		assertThat(response).startsWith("HTTP/1.1 405 ").contains("application/problem+json")
			.contains("This server does not answer TRACE.").doesNotContain("X-Secret");
	}

	@Test
	void aNotAcceptableNamesWhatIsServedAndHowToAskForIt() {
		String path = TEST + "/images/0.png";
		HttpResponse<byte[]> response = get(path, "Accept", "application/json");

		assertThat(assertProblem(response, 406).get("detail").asString()).isEqualTo(path + " is served as image/png, which the "
				+ "request's Accept header does not allow: send one that does (*/* allows every type), or none.");
	}

	@Test
	void anUnknownModelIs404() {
		assertThat(detail(post(MODELS + "/nope/predictions", "image/png", new byte[] { 1 }), 404))
			.isEqualTo("There is no model 'nope'. Models: baseline.");
	}

	@ParameterizedTest
	@ValueSource(strings = { "topK=0", "topK=11", "topK=x" })
	void topKOutOf1To10IsRefused(String query) {
		assertParameterProblem(post(PREDICTIONS + "?" + query, "application/x-npy", testImagesNpy(0, 1)), "topK");
	}

	@Test
	void invertMustBeAutoTrueOrFalse() {
		assertParameterProblem(post(PREDICTIONS + "?invert=maybe", "image/png", new byte[] { 1 }), "invert");
	}

	@Test
	void aStoredItemPredictionNeedsAKnownModelAndIndex() {
		assertProblem(get(TEST + "/items/0/prediction?model=nope"), 404);
		assertProblem(get(TEST + "/items/10000/prediction"), 404);
		assertParameterProblem(get(TEST + "/items/-1/prediction"), "index");
		assertParameterProblem(get(TEST + "/items/0/prediction?topK=11"), "topK");
	}

	private String detail(HttpResponse<byte[]> response, int status) {
		return assertProblem(response, status).get("detail").asString();
	}

}
