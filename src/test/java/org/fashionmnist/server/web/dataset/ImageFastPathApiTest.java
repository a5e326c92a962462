package org.fashionmnist.server.web.dataset;

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
 * The image fast path answers exactly as the controller it stands in for (see {@link FastPathComparisonTest}).
 */
class ImageFastPathApiTest extends FastPathComparisonTest {

	@Autowired
	FilterRegistrationBean<ImageFastPath> fastPath;

	@ParameterizedTest
	@ValueSource(strings = { "/train/images/0.png", "/train/images/59999.png", "/test/images/9999.png", "/t10k/images/5.png",
			"/TRAIN/images/3.png", "/train/images/7.png?scale=2", "/train/images/7.png?scale=16&invert=true",
			"/train/images/7.png?invert=false&scale=3", "/test/images/8.png?invert=true",
			// From here on the fast path passes them on, and the controller answers both.
			"/train/images/60000.png", "/test/images/10000.png", "/train/images/-1.png", "/train/images/01.png",
			"/train/images/1e3.png", "/train/images/99999999999.png", "/train/images/7.png?scale=0",
			"/train/images/7.png?scale=17", "/train/images/7.png?scale=01", "/train/images/7.png?scale=abc",
			"/train/images/7.png?scale=", "/train/images/7.png?invert=yes", "/train/images/7.png?invert=TRUE",
			"/train/images/7.png?other=1", "/train/images/7.png?scale=2&scale=3", "/train/images/7.png?",
			"/train/images/7.png?&scale=2", "/validation/images/7.png", "/train/images/%37.png", "/train/images/7.PNG",
			"/train/images/7.png/", "/train/images/7.png;x=1" })
	void answersAsTheControllerDoes(String path) {
		assertSameAnswerToGetAndHead(DATASET + "/splits" + path);
	}

	@Test
	void answersForOtherDatasetsAndMethodsAsTheControllerDoes() {
		assertSameAnswer(HttpRequest.newBuilder().GET(), "/api/v1/datasets/mnist/splits/train/images/0.png");
		assertSameAnswer(HttpRequest.newBuilder().POST(HttpRequest.BodyPublishers.noBody()), TRAIN + "/images/0.png");
		assertSameAnswer(HttpRequest.newBuilder().DELETE(), TRAIN + "/images/0.png");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "Accept|image/png", "Accept|image/*", "Accept|*/*", "Accept|text/html, */*",
			"Accept|application/json", "Accept|image/png;q=0", "Accept|text/html", "If-None-Match|\"nope\"",
			"If-None-Match|*" })
	void answersConditionsAndNegotiationAsTheControllerDoes(String name, String value) {
		assertSameAnswer(HttpRequest.newBuilder().GET().header(name, value), TRAIN + "/images/11.png?scale=2");
		assertSameAnswer(HttpRequest.newBuilder().method("HEAD", HttpRequest.BodyPublishers.noBody()).header(name, value), TRAIN + "/images/11.png?scale=2");
	}

	@Test
	void answersRevalidationsAsTheControllerDoes() {
		String etag = header(get(TRAIN + "/images/12.png"), "ETag");
		String gzipVariant = etag.substring(0, etag.length() - 1) + "-gzip\"";
		for (String ifNoneMatch : new String[] { etag, "W/" + etag, "\"x\", " + etag, gzipVariant }) {
			HttpResponse<byte[]> fast = assertSameAnswer(HttpRequest.newBuilder().GET().header("If-None-Match", ifNoneMatch),
					TRAIN + "/images/12.png");
			assertThat(fast.statusCode()).as("If-None-Match: %s", ifNoneMatch).isEqualTo(304);
		}
	}

	@Test
	void answersTheValidFormItselfAndPassesEverythingElseOn() throws Exception {
		ImageFastPath filter = this.fastPath.getFilter();
		assertThat(passesOn(filter, "GET", DATASET + "/splits/train/images/5.png", "scale=2&invert=true")).isFalse();
		assertThat(passesOn(filter, "HEAD", DATASET + "/splits/t10k/images/5.png", null)).isFalse();
		assertThat(passesOn(filter, "GET", DATASET + "/splits/train/images/60000.png", null)).isTrue();
		assertThat(passesOn(filter, "GET", DATASET + "/splits/train/images/5.png", "scale=17")).isTrue();
		assertThat(passesOn(filter, "GET", DATASET + "/splits/train/sprite.png", null)).isTrue();
		assertThat(passesOn(filter, "POST", DATASET + "/splits/train/images/5.png", null)).isTrue();
	}

	@Test
	void countsItsRequestsInTheSameTimerAsTheController() {
		assertCountedInTheControllersTimer(ApiPaths.IMAGE, TRAIN + "/images/13.png", TRAIN + "/images/60000.png");
	}

}
