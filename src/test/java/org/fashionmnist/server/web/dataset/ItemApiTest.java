package org.fashionmnist.server.web.dataset;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

import org.fashionmnist.server.OriginalFiles;
import org.fashionmnist.server.web.HttpTest;

import static org.assertj.core.api.Assertions.assertThat;

class ItemApiTest extends HttpTest {

	private static final String[] CLASS_NAMES = { "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal",
			"Shirt", "Sneaker", "Bag", "Ankle boot" };

	@Test
	void firstPageListsItemsInIndexOrderWithLinks() {
		HttpResponse<byte[]> response = get(TRAIN + "/items");
		JsonNode page = this.json.readTree(response.body());

		assertThat(page.get("page").asInt()).isZero();
		assertThat(page.get("size").asInt()).isEqualTo(50);
		assertThat(page.get("totalItems").asInt()).isEqualTo(60000);
		assertThat(page.get("totalPages").asInt()).isEqualTo(1200);
		assertThat(page.get("items")).hasSize(50);
		byte[] labels = OriginalFiles.labels("train");
		for (int i = 0; i < 50; i++) {
			JsonNode item = page.get("items").get(i);
			assertThat(item.get("index").asInt()).isEqualTo(i);
			assertThat(item.get("label").asInt()).isEqualTo(labels[i]);
			assertThat(item.get("className").asString()).isEqualTo(CLASS_NAMES[labels[i]]);
			assertThat(item.get("imageUrl").asString()).isEqualTo(uri(TRAIN + "/images/" + i + ".png").toString());
		}
		assertThat(header(response, "X-Total-Count")).isEqualTo("60000");
		assertThat(header(response, "Link")).isEqualTo("<" + uri(TRAIN + "/items?size=50&page=0") + ">; rel=\"first\", <"
				+ uri(TRAIN + "/items?size=50&page=1") + ">; rel=\"next\", <" + uri(TRAIN + "/items?size=50&page=1199")
				+ ">; rel=\"last\"");
	}

	@Test
	void linksCarryTheParametersAsRead() {
		HttpResponse<byte[]> response = get(TEST + "/items?label=5&page=2&size=0300&other=" + "x".repeat(6000) + "&label=3");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(header(response, "Link")).isEqualTo("<" + uri(TEST + "/items?size=300&label=3,5&page=0") + ">; rel=\"first\", <"
				+ uri(TEST + "/items?size=300&label=3,5&page=1") + ">; rel=\"prev\", <" + uri(TEST + "/items?size=300&label=3,5&page=3")
				+ ">; rel=\"next\", <" + uri(TEST + "/items?size=300&label=3,5&page=6") + ">; rel=\"last\"");
		String next = header(response, "Link").split("<")[3].split(">")[0];
		assertThat(this.json.readTree(get(next.substring(next.indexOf("/api"))).body()).get("page").asInt()).isEqualTo(3);
	}

	@Test
	void linksForAVeryLongOriginAreRelativeSoTheHeadersFit() {
		String host = "a".repeat(60) + "." + "b".repeat(1940) + ".example";
		HttpResponse<byte[]> response = get(TEST + "/items?size=2&page=3", "X-Forwarded-Host", host);

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(header(response, "Link")).startsWith("<" + TEST + "/items?size=2&page=0>; rel=\"first\", <" + TEST
				+ "/items?size=2&page=2>; rel=\"prev\"");
		assertThat(this.json.readTree(response.body()).get("items").get(0).get("imageUrl").asString()).contains(host);
		assertThat(header(get(TEST + "/items?size=2&page=3", "X-Forwarded-Host", "data.example.org"), "Link"))
			.startsWith("<http://data.example.org").contains(TEST + "/items?size=2&page=0>; rel=\"first\"");
	}

	@Test
	void imageUrlsOfItemsServeTheirImages() {
		String url = getJson(TEST + "/items?page=3&size=7").get("items").get(2).get("imageUrl").asString();

		assertThat(url).endsWith("/splits/test/images/23.png");
		assertThat(get(url.substring(url.indexOf("/api"))).statusCode()).isEqualTo(200);
	}

	@Test
	void lastPageIsShortAndHasNoNextLink() {
		HttpResponse<byte[]> response = get(TEST + "/items?page=14&size=700");
		JsonNode page = this.json.readTree(response.body());

		assertThat(page.get("totalItems").asInt()).isEqualTo(10000);
		assertThat(page.get("totalPages").asInt()).isEqualTo(15);
		assertThat(page.get("items")).hasSize(200);
		assertThat(page.get("items").get(199).get("index").asInt()).isEqualTo(9999);
		assertThat(header(response, "Link")).contains("page=13>; rel=\"prev\"").doesNotContain("rel=\"next\"");
	}

	@Test
	void pagePastTheEndIsEmptyButKeepsTheTotals() {
		HttpResponse<byte[]> response = get(TRAIN + "/items?page=5000&size=1000");
		JsonNode page = this.json.readTree(response.body());

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(page.get("items")).isEmpty();
		assertThat(page.get("totalItems").asInt()).isEqualTo(60000);
		assertThat(page.get("totalPages").asInt()).isEqualTo(60);
		assertThat(header(response, "Link")).contains("page=59>; rel=\"last\"").contains("page=59>; rel=\"prev\"");
	}

	@Test
	void labelFiltersKeepOriginalIndicesInAscendingOrder() {
		byte[] labels = OriginalFiles.labels("train");
		int[] expected = IntStream.range(0, labels.length).filter((i) -> labels[i] == 3 || labels[i] == 7).toArray();

		JsonNode repeated = getJson(TRAIN + "/items?label=3&label=7&size=1000&page=2");
		JsonNode commaSeparated = getJson(TRAIN + "/items?label=7,3&size=1000&page=2");

		assertThat(repeated.get("totalItems").asInt()).isEqualTo(12000);
		int[] indices = repeated.get("items").valueStream().mapToInt((item) -> item.get("index").asInt()).toArray();
		assertThat(indices).containsExactly(java.util.Arrays.copyOfRange(expected, 2000, 3000));
		assertThat(commaSeparated).isEqualTo(repeated);
		repeated.get("items").forEach((item) -> assertThat(item.get("label").asInt()).isIn(3, 7));
	}

	@Test
	void filteredPagesRevalidateToo() {
		String etag = header(get(TRAIN + "/items?label=3&label=5"), "ETag");

		assertThat(etag).doesNotContain(",");
		assertThat(get(TRAIN + "/items?label=5,3", "If-None-Match", etag).statusCode()).isEqualTo(304);
		assertThat(get(TRAIN + "/items?label=3", "If-None-Match", etag).statusCode()).isEqualTo(200);
		String sprite = header(get(TEST + "/sprite.png?label=1,2&limit=4"), "ETag");
		assertThat(get(TEST + "/sprite.png?label=1&label=2&limit=4", "If-None-Match", sprite).statusCode()).isEqualTo(304);
	}

	@Test
	void emptyLabelMeansNoFilter() {
		assertThat(getJson(TRAIN + "/items?label=").get("totalItems").asInt()).isEqualTo(60000);
	}

	@Test
	void oneItemCarriesItsPixels() {
		JsonNode item = getJson(TEST + "/items/4321");

		assertThat(item.get("index").asInt()).isEqualTo(4321);
		assertThat(item.get("label").asInt()).isEqualTo(OriginalFiles.labels("t10k")[4321]);
		JsonNode pixels = item.get("pixels");
		assertThat(pixels).hasSize(28);
		byte[] stored = OriginalFiles.image("t10k", 4321);
		for (int y = 0; y < 28; y++) {
			assertThat(pixels.get(y)).hasSize(28);
			for (int x = 0; x < 28; x++) {
				assertThat(pixels.get(y).get(x).asInt()).isEqualTo(stored[y * 28 + x] & 0xff);
			}
		}
	}

	@Test
	void labelsComeInRanges() {
		JsonNode range = getJson(TRAIN + "/labels?offset=59990&limit=1000");

		assertThat(range.get("offset").asInt()).isEqualTo(59990);
		assertThat(range.get("limit").asInt()).isEqualTo(1000);
		assertThat(range.get("total").asInt()).isEqualTo(60000);
		byte[] labels = OriginalFiles.labels("train");
		assertThat(ints(range.get("labels"))).containsExactly(IntStream.range(59990, 60000).map((i) -> labels[i]).toArray());
		assertThat(getJson(TRAIN + "/labels").get("labels")).hasSize(1000);
		assertThat(getJson(TEST + "/labels?limit=10000").get("labels")).hasSize(10000);
		assertThat(getJson(TEST + "/labels?offset=10000").get("labels")).isEmpty();
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "size=0|size", "size=1001|size", "page=-1|page", "size=ten|size",
			"label=10|label", "label=-1|label", "label=x|label", "page=1&size=0&label=12|size,label" })
	void rejectsItemParametersOutOfRange(String query, String parameters) {
		assertParameterProblem(get(TRAIN + "/items?" + query), parameters.split(","));
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "offset=-1|offset", "offset=10001|offset", "limit=0|limit", "limit=10001|limit",
			"limit=a|limit" })
	void rejectsLabelRangesOutOfRange(String query, String parameter) {
		assertParameterProblem(get(TEST + "/labels?" + query), parameter);
	}

	@Test
	void itemIndexMustBeInTheSplit() {
		assertParameterProblem(get(TRAIN + "/items/-5"), "index");
		assertProblem(get(TEST + "/items/10000"), 404);
		assertParameterProblem(get(TEST + "/items/1e3"), "index");
	}

	@Test
	void jsonIsGzipCompressedUnderItsWeakTag() {
		HttpResponse<byte[]> plain = get(TRAIN + "/items?size=200");
		HttpResponse<byte[]> gzipped = get(TRAIN + "/items?size=200", "Accept-Encoding", "gzip");

		String etag = header(plain, "ETag");
		assertThat(etag).startsWith("W/\"");
		assertThat(header(plain, "Content-Encoding")).isNull();
		assertThat(header(gzipped, "Content-Encoding")).isEqualTo("gzip");
		assertThat(vary(gzipped)).containsIgnoringCase("Accept-Encoding");
		assertThat(header(gzipped, "ETag")).as("one weak tag for both encodings").isEqualTo(etag);
		assertThat(gzipped.body().length).isLessThan(plain.body().length / 4);
		assertThat(gunzip(gzipped.body())).isEqualTo(plain.body());
		assertThat(get(TRAIN + "/items?size=200", "If-None-Match", etag).statusCode()).isEqualTo(304);
		assertThat(get(TRAIN + "/items?size=200", "Accept-Encoding", "gzip", "If-None-Match", etag).statusCode()).isEqualTo(304);
		assertThat(get(TRAIN + "/items?size=200", "If-None-Match", etag.substring(2)).statusCode()).as("weak comparison")
			.isEqualTo(304);
	}

	@Test
	void aNotModifiedJsonAnswerCarriesTheVaryAndTheTag() {
		HttpResponse<byte[]> plain = get(TRAIN + "/items?size=200");

		HttpResponse<byte[]> plainHeld = get(TRAIN + "/items?size=200", "If-None-Match", header(plain, "ETag"));
		HttpResponse<byte[]> gzipHeld = get(TRAIN + "/items?size=200", "Accept-Encoding", "gzip", "If-None-Match", header(plain, "ETag"));

		for (HttpResponse<byte[]> notModified : List.of(plainHeld, gzipHeld)) {
			assertThat(notModified.statusCode()).isEqualTo(304);
			assertThat(vary(notModified)).as("RFC 9110 15.4.5: the 200's Vary").containsIgnoringCase("Accept-Encoding");
			assertThat(header(notModified, "Link")).isEqualTo(header(plain, "Link"));
			assertThat(header(notModified, "ETag")).isEqualTo(header(plain, "ETag"));
		}
		assertThat(vary(get(TEST + "/labels?limit=5", "If-None-Match", "*"))).containsIgnoringCase("Accept-Encoding");
	}

	@Test
	void documentsWithAbsoluteUrlsHaveATagPerOrigin() {
		HttpResponse<byte[]> here = get(TEST + "/items?size=1");
		HttpResponse<byte[]> elsewhere = get(TEST + "/items?size=1", "X-Forwarded-Host", "data.example.org", "X-Forwarded-Proto", "https");

		assertThat(new String(elsewhere.body())).contains("https://data.example.org/").isNotEqualTo(new String(here.body()));
		assertThat(header(elsewhere, "ETag")).isNotEqualTo(header(here, "ETag"));
		assertThat(get(TEST + "/items?size=1", "If-None-Match", header(here, "ETag"), "X-Forwarded-Host", "data.example.org",
				"X-Forwarded-Proto", "https").statusCode()).as("another origin's tag").isEqualTo(200);
		assertThat(get(TEST + "/items?size=1", "If-None-Match", header(here, "ETag")).statusCode()).isEqualTo(304);
	}

}
