package org.fashionmnist.server.web.http;

import java.net.http.HttpResponse;
import java.util.Locale;

import org.junit.jupiter.api.Test;

import org.fashionmnist.server.web.HttpTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cross-origin requests as a browser sends them: every API answer, the fast paths' and the problems'
 * included, lets a page of another origin read it; preflights name the methods, headers and max age.
 */
class CorsApiTest extends HttpTest {

	private static final String ORIGIN = "https://notebook.example.org";

	@Test
	void aCrossOriginReadOfJsonIsAllowedAndExposesTheApisHeaders() {
		HttpResponse<byte[]> response = get(TEST + "/items?size=2&label=3", "Origin", ORIGIN);
		assertThat(response.statusCode()).isEqualTo(200);
		assertAllowed(response);
		assertThat(header(response, "Access-Control-Expose-Headers")).contains("ETag", "Link", "X-Total-Count");
		assertThat(header(response, "Access-Control-Allow-Credentials")).isNull();
	}

	@Test
	void theFastPathsAndTheInferenceProtocolAnswerCrossOriginToo() {
		assertAllowed(get(TEST + "/images/7.png", "Origin", ORIGIN));
		HttpResponse<byte[]> batch = get(TRAIN + "/batches/0?batchSize=16", "Origin", ORIGIN);
		assertThat(batch.statusCode()).isEqualTo(200);
		assertAllowed(batch);
		assertThat(header(batch, "Access-Control-Expose-Headers")).contains("X-Batch-Index", "X-Batch-Count");
		assertAllowed(get("/v2/models/baseline", "Origin", ORIGIN));
		assertAllowed(get(TEST + "/items?size=0", "Origin", ORIGIN));
	}

	@Test
	void aPreflightForAPredictionNamesMethodsHeadersAndMaxAge() throws Exception {
		String answer = raw("OPTIONS /api/v1/models/baseline/predictions HTTP/1.1\r\nHost: localhost\r\nOrigin: " + ORIGIN
				+ "\r\nAccess-Control-Request-Method: POST\r\nAccess-Control-Request-Headers: content-type\r\n"
				+ "Connection: close\r\n\r\n");
		assertThat(answer).startsWith("HTTP/1.1 200");
		String headers = answer.toLowerCase(Locale.ROOT);
		assertThat(headers).containsPattern("access-control-allow-origin: (\\*|" + ORIGIN + ")\r\n")
			.containsPattern("access-control-allow-methods: [^\r]*post")
			.contains("access-control-allow-headers: content-type")
			.contains("access-control-max-age: 3600");
	}

	@Test
	void aSameOriginRequestGetsNoCorsHeaders() {
		HttpResponse<byte[]> response = get(TEST + "/items?size=1");
		assertThat(header(response, "Access-Control-Allow-Origin")).isNull();
	}

	private static void assertAllowed(HttpResponse<byte[]> response) {
		assertThat(header(response, "Access-Control-Allow-Origin")).as("status %d", response.statusCode()).isIn("*", ORIGIN);
	}

}
