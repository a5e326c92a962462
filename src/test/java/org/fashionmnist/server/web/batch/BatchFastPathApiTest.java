package org.fashionmnist.server.web.batch;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.fashionmnist.server.web.FastPathComparisonTest;
import org.fashionmnist.server.web.http.ApiPaths;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.web.servlet.FilterRegistrationBean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The batch fast path answers exactly as the controller it stands in for (see {@link FastPathComparisonTest}).
 */
class BatchFastPathApiTest extends FastPathComparisonTest {

	@Autowired
	FilterRegistrationBean<BatchFastPath> fastPath;

	@ParameterizedTest
	@ValueSource(strings = { "/train/batches/0", "/train/batches/3?batchSize=256&dtype=uint8&format=npz", "/test/batches/39",
			"/t10k/batches/2?batchSize=4096", "/TRAIN/batches/0?batchSize=1", "/train/batches/1?batchSize=100&shuffle=true&seed=7&epoch=2",
			"/train/batches/0?shuffle=false&seed=0&epoch=0&shard=0&numShards=1&dropLast=false",
			"/train/batches/4?batchSize=64&shard=1&numShards=3&dropLast=true", "/train/batches/9?batchSize=8192&shuffle=true",
			"/train/batches/0?label=3,5", "/train/batches/0?label=3&label=5&shuffle=true", "/train/batches/0?label=9",
			"/train/batches/0?label=3%2C5", "/train/batches/0?label=3%2c5%2C7&shuffle=true",
			"/train/batches/0?batchSize=7&dtype=float32&normalize=standard&layout=nchw&format=safetensors",
			"/train/batches/0?batchSize=7&dtype=float32&normalize=unit&layout=flat&format=npz",
			"/train/batches/0?batchSize=7&dtype=float32&layout=nhwc", "/test/batches/0?batchSize=5&format=safetensors&layout=nchw",
			"/train/batches/0?seed=999999999999999999&shuffle=true&batchSize=3",
			"/train/batches/2?batchSize=100&shuffle=true&seed=7&start=1234&shard=1&numShards=3&equalize=pad",
			"/test/batches/0?start=9999&numShards=2&shard=1&equalize=pad", "/test/batches/0?start=0&equalize=none",
			"/train/batches/1?start=59000&numShards=7&equalize=drop&batchSize=100", "/test/batches/0?start=999999999999999999",
			"/train/batches/0?equalize=pad&label=3,5&start=11&numShards=4&shard=3",
			// From here on the fast path passes them on, and the controller answers both.
			"/train/batches/235", "/test/batches/40", "/train/batches/-1", "/train/batches/01", "/train/batches/1e3",
			"/train/batches/0?batchSize=0", "/train/batches/0?batchSize=8193", "/train/batches/0?batchSize=abc",
			"/train/batches/0?batchSize=", "/train/batches/0?batchSize=+5", "/train/batches/0?batchSize=05",
			"/train/batches/0?shard=3&numShards=3", "/train/batches/0?numShards=4097", "/train/batches/0?seed=-1",
			"/train/batches/0?dtype=uint8&normalize=unit", "/train/batches/0?normalize=standard", "/train/batches/0?format=json",
			"/train/batches/0?dtype=FLOAT32", "/train/batches/0?format=NPZ", "/train/batches/0?layout=nope",
			"/train/batches/0?shuffle=yes", "/train/batches/0?shuffle=TRUE", "/train/batches/0?batchSize=2&batchSize=3",
			"/train/batches/0?format=npz&format=safetensors", "/train/batches/0?label=10", "/train/batches/0?label=3,5&label=7",
			"/train/batches/0?label=", "/train/batches/0?label=3,", "/train/batches/0?label=-1", "/train/batches/0?other=1",
			"/train/batches/0?label=3%2C", "/train/batches/0?label=3%2C%2C5", "/train/batches/0?label=3%252C5",
			"/train/batches/0?", "/train/batches/0?&batchSize=2", "/train/batches/0?batchSize%3D2", "/validation/batches/0",
			"/train/batches/0/", "/train/batches/0;x=1", "/train/batches/0?start=-1", "/train/batches/0?start=abc",
			"/train/batches/0?start=01", "/train/batches/0?start=+1", "/train/batches/0?start=", "/train/batches/0?start=1&start=2",
			"/train/batches/0?start=9999999999999999999", "/train/batches/0?equalize=PAD", "/train/batches/0?equalize=nope",
			"/train/batches/0?equalize=", "/train/batches/0?equalize=pad&equalize=drop", "/test/batches/0?start=10000" })
	void answersAsTheControllerDoes(String path) {
		assertSameAnswerToGetAndHead(DATASET + "/splits" + path);
	}

	@Test
	void answersForOtherDatasetsAndMethodsAsTheControllerDoes() {
		assertSameAnswer(HttpRequest.newBuilder().GET(), "/api/v1/datasets/mnist/splits/train/batches/0");
		assertSameAnswer(HttpRequest.newBuilder().POST(HttpRequest.BodyPublishers.noBody()), TRAIN + "/batches/0");
		assertSameAnswer(HttpRequest.newBuilder().DELETE(), TRAIN + "/batches/0");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "Accept|*/*", "Accept|application/zip", "Accept|application/x-npz",
			"Accept|application/json", "Accept|application/json;q=0.5, application/zip", "Accept|text/html",
			"Accept|application/octet-stream", "If-None-Match|\"nope\"", "If-None-Match|*" })
	void answersConditionsAndNegotiationAsTheControllerDoes(String name, String value) {
		for (String query : new String[] { "?batchSize=16", "?batchSize=16&format=safetensors" }) {
			assertSameAnswer(HttpRequest.newBuilder().GET().header(name, value), TRAIN + "/batches/2" + query);
			assertSameAnswer(HttpRequest.newBuilder().method("HEAD", HttpRequest.BodyPublishers.noBody()).header(name, value),
					TRAIN + "/batches/2" + query);
		}
	}

	@Test
	void answersRevalidationsAsTheControllerDoes() {
		String path = TRAIN + "/batches/5?batchSize=32&shuffle=true&seed=3";
		String etag = get(path).headers().firstValue("ETag").orElseThrow();
		for (String ifNoneMatch : new String[] { etag, "W/" + etag, "\"x\", " + etag }) {
			HttpResponse<byte[]> fast = assertSameAnswer(HttpRequest.newBuilder().GET().header("If-None-Match", ifNoneMatch), path);
			assertThat(fast.statusCode()).as("If-None-Match: %s", ifNoneMatch).isEqualTo(304);
		}
	}

	@Test
	void answersTheValidFormItselfAndPassesEverythingElseOn() throws Exception {
		BatchFastPath filter = this.fastPath.getFilter();
		assertThat(passesOn(filter, "GET", TRAIN + "/batches/3", "batchSize=256&dtype=uint8&format=npz")).isFalse();
		assertThat(passesOn(filter, "HEAD", TEST + "/batches/0", "format=safetensors&label=1,2")).isFalse();
		assertThat(passesOn(filter, "GET", TEST + "/batches/0", "label=1%2C2")).isFalse();
		assertThat(passesOn(filter, "GET", TRAIN + "/batches/3", "start=1000&numShards=2&equalize=pad")).isFalse();
		assertThat(passesOn(filter, "GET", TRAIN + "/batches/3", "equalize=PAD")).isTrue();
		assertThat(passesOn(filter, "GET", TRAIN + "/batches/3", "format=json")).isTrue();
		assertThat(passesOn(filter, "GET", TRAIN + "/batches/235", null)).isTrue();
		assertThat(passesOn(filter, "GET", TRAIN + "/batches/0", "batchSize=0")).isTrue();
		assertThat(passesOn(filter, "GET", TRAIN + "/batches", null)).isTrue();
		assertThat(passesOn(filter, "GET", TRAIN + "/images/0.png", null)).isTrue();
		assertThat(passesOn(filter, "POST", TRAIN + "/batches/0", null)).isTrue();
	}

	@Test
	void countsItsRequestsInTheSameTimerAsTheController() {
		assertCountedInTheControllersTimer(ApiPaths.BATCH, TRAIN + "/batches/6?batchSize=8", TRAIN + "/batches/99999?batchSize=8");
	}

}
