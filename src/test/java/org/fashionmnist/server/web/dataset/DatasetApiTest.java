package org.fashionmnist.server.web.dataset;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import org.fashionmnist.server.OriginalFiles;
import org.fashionmnist.server.web.HttpTest;

import static org.assertj.core.api.Assertions.assertThat;

class DatasetApiTest extends HttpTest {

	@Test
	void aPathThatIsNoEndpointIs404SayingWhereThePathsAre() {
		String detail = assertProblem(get("/api/v1/datasets/"), 404).get("detail").asString();
		assertThat(detail).isEqualTo("Nothing is served at /api/v1/datasets/. Paths end without '/': try /api/v1/datasets. "
				+ "The API's paths are listed at /v3/api-docs and /swagger-ui.html.");
		assertThat(assertProblem(get(TEST + "/items/3/pixels"), 404).get("detail").asString())
			.startsWith("Nothing is served at " + TEST + "/items/3/pixels. The API's")
			.doesNotContain("static");
	}

	@Test
	void theListOfDatasetsRevalidatesLikeEveryOtherDocument() {
		HttpResponse<byte[]> list = get("/api/v1/datasets");
		String etag = header(list, "ETag");

		assertThat(etag).as("a JSON document's tag is weak").startsWith("W/\"").endsWith("\"");
		assertThat(header(list, "Cache-Control")).isEqualTo("no-cache, public");
		HttpResponse<byte[]> notModified = get("/api/v1/datasets", "If-None-Match", etag);
		assertThat(notModified.statusCode()).isEqualTo(304);
		assertThat(notModified.body()).isEmpty();
		assertThat(header(get("/api/v1/datasets", "X-Forwarded-Host", "data.example.org"), "ETag")).as("another origin's links")
			.isNotEqualTo(etag);
	}

	@Test
	void listsTheBundledDataset() {
		JsonNode datasets = getJson("/api/v1/datasets").get("datasets");

		assertThat(datasets).hasSize(1);
		assertThat(datasets.get(0).get("id").asString()).isEqualTo("fashion-mnist");
		assertThat(datasets.get(0).get("title").asString()).isEqualTo("Fashion-MNIST");
		assertThat(datasets.get(0).get("splits").toString()).isEqualTo("[\"train\",\"test\"]");
		assertThat(datasets.get(0).get("href").asString()).isEqualTo(uri(DATASET).toString());
	}

	@Test
	void describesTheDataset() throws Exception {
		JsonNode dataset = getJson(DATASET);

		assertThat(dataset.get("license").asString()).contains("MIT");
		assertThat(dataset.get("citation").asString()).contains("arXiv:1708.07747");
		assertThat(dataset.get("homepage").asString()).contains("zalandoresearch/fashion-mnist");
		assertThat(ints(dataset.get("imageShape"))).containsExactly(28, 28);
		assertThat(dataset.get("classes")).hasSize(10);
		assertThat(dataset.get("classes").get(9).get("name").asString()).isEqualTo("Ankle boot");
		assertThat(dataset.get("splits").get("train").get("size").asInt()).isEqualTo(60000);
		assertThat(ints(dataset.get("splits").get("train").get("classCounts"))).containsOnly(6000).hasSize(10);
		assertThat(ints(dataset.get("splits").get("test").get("classCounts"))).containsOnly(1000).hasSize(10);
		assertThat(dataset.get("pixelStats").get("mean").asDouble()).isCloseTo(trainMean(), org.assertj.core.data.Offset.offset(1e-9));
		assertThat(dataset.get("pixelStats").get("std").asDouble()).isBetween(0.352, 0.354);
		assertThat(dataset.get("files")).hasSize(4);
		for (JsonNode file : dataset.get("files")) {
			String name = file.get("name").asString();
			assertThat(file.get("md5").asString()).isEqualTo(OriginalFiles.PUBLISHED_MD5.get(name));
			assertThat(file.get("size").asLong()).isEqualTo(Files.size(OriginalFiles.DIR.resolve(name)));
			assertThat(file.get("sha256").asString()).hasSize(64);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz",
			"t10k-labels-idx1-ubyte.gz" })
	void originalFilesAreServedByteForByteWithThePublishedMd5(String name) throws Exception {
		HttpResponse<byte[]> response = get(DATASET + "/files/" + name);

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(header(response, "Content-Type")).isEqualTo("application/gzip");
		assertThat(header(response, "Content-Length")).isEqualTo(Long.toString(response.body().length));
		String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(response.body()));
		assertThat(md5).isEqualTo(OriginalFiles.PUBLISHED_MD5.get(name));
		assertThat(response.body()).isEqualTo(Files.readAllBytes(OriginalFiles.DIR.resolve(name)));
	}

	@Test
	void originalFilesResumeWithRangeRequestsAndRevalidate() throws Exception {
		byte[] original = Files.readAllBytes(OriginalFiles.DIR.resolve("t10k-labels-idx1-ubyte.gz"));
		HttpResponse<byte[]> partial = get(DATASET + "/files/t10k-labels-idx1-ubyte.gz", "Range", "bytes=1000-");

		assertThat(partial.statusCode()).isEqualTo(206);
		assertThat(header(partial, "Content-Range")).isEqualTo("bytes 1000-" + (original.length - 1) + "/" + original.length);
		assertThat(partial.body()).isEqualTo(java.util.Arrays.copyOfRange(original, 1000, original.length));
		String etag = header(get(DATASET + "/files/t10k-labels-idx1-ubyte.gz"), "ETag");
		assertThat(get(DATASET + "/files/t10k-labels-idx1-ubyte.gz", "If-None-Match", etag).statusCode()).isEqualTo(304);
		assertThat(get(DATASET + "/files/t10k-labels-idx1-ubyte.gz", "Range", "bytes=999999-").statusCode()).isEqualTo(416);
	}

	@ParameterizedTest
	@ValueSource(strings = { "..%2F..%2Fpom.xml", "..%2F..%2F..%2Fetc%2Fpasswd", "%2Fetc%2Fpasswd", "README.md",
			"train-images-idx3-ubyte", "..%5C..%5Cpom.xml" })
	void onlyTheOriginalFilesCanBeDownloaded(String name) {
		JsonNode problem = assertProblem(get(DATASET + "/files/" + name), 404);

		assertThat(problem.get("detail").asString()).contains("train-images-idx3-ubyte.gz");
	}

	@Test
	void unknownDatasetIs404() {
		assertThat(assertProblem(get("/api/v1/datasets/cifar-10"), 404).get("detail").asString()).contains("cifar-10")
			.contains("fashion-mnist");
		assertProblem(get("/api/v1/datasets/cifar-10/files/train-images-idx3-ubyte.gz"), 404);
	}

	@Test
	void unknownPathIsAProblemToo() {
		assertProblem(get("/api/v1/nothing-here"), 404);
	}

	private static double trainMean() {
		long sum = 0;
		for (byte pixel : OriginalFiles.images("train")) {
			sum += pixel & 0xff;
		}
		return sum / 255.0 / OriginalFiles.images("train").length;
	}

}
