package org.fashionmnist.server.web.problem;

import java.io.IOException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

import org.fashionmnist.server.web.HttpTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Errors Tomcat answers before the application sees the request are problems too (the Open Inference
 * Protocol's error object under /v2), never its HTML error page; so are answers to unreadable Accept
 * headers and to /error asked for directly.
 */
class ProtocolErrorsApiTest extends HttpTest {

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', value = {
			"GET /api/v1/datasets/fashion-mnist/splits/test/items/%zz HTTP/1.1|400|/problems/bad-request",
			"GET /api/v1/datasets/fashion-mnist/splits/test/items/%00 HTTP/1.1|400|/problems/bad-request",
			"GET /api/v1/datasets/fashion-mnist/splits/test/items/%C0%AE HTTP/1.1|400|/problems/bad-request",
			"GET /api/v1/datasets HTTP/2.0|505|/problems/http-version-not-supported",
			"CONNECT /api/v1/datasets HTTP/1.1|501|/problems/not-implemented" })
	void tomcatsOwnErrorsAreProblems(String requestLine, int status, String type) throws IOException {
		String response = raw(requestLine + "\r\nHost: localhost\r\nConnection: close\r\n\r\n");

		assertThat(response).startsWith("HTTP/1.1 " + status + " ").containsIgnoringCase("Content-Type: application/problem+json");
		JsonNode problem = this.json.readTree(body(response));
		assertThat(problem.get("status").asInt()).isEqualTo(status);
		assertThat(problem.get("type").asString()).isEqualTo(type);
		assertThat(problem.get("title").asString()).isNotBlank();
		assertThat(problem.get("detail").asString()).isNotBlank().doesNotContain("see its log");
		assertThat(problem.get("instance").asString()).startsWith("/api/v1/datasets");
	}

	@Test
	void malformedHeadersAreProblems() throws IOException {
		for (String header : new String[] { "Content-Length: abc", "Expect: garbage", "X-Big: " + "a".repeat(9000) }) {
			String response = raw("GET /api/v1/datasets HTTP/1.1\r\nHost: localhost\r\n" + header + "\r\nConnection: close\r\n\r\n");

			assertThat(response).as(header).matches("(?s)HTTP/1.1 4\\d\\d .*")
				.containsIgnoringCase("Content-Type: application/problem+json");
			assertThat(this.json.readTree(body(response)).get("detail").asString()).isNotBlank();
		}
	}

	@Test
	void underV2TheyAreTheProtocolsErrorObject() throws IOException {
		String response = raw("GET /v2/models/%zz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

		assertThat(response).startsWith("HTTP/1.1 400 ").containsIgnoringCase("Content-Type: application/json");
		JsonNode error = this.json.readTree(body(response));
		assertThat(error.propertyNames()).containsExactly("error");
	}

	@Test
	void anAcceptHeaderThatCannotBeReadIsIgnored() {
		assertThat(get("/api/v1/datasets", "Accept", "garbage").statusCode()).isEqualTo(200);
		assertThat(assertProblem(get(TEST + "/batches/999", "Accept", "garbage"), 404).get("detail").asString()).contains("999");
		assertParameterProblem(get(TEST + "/batches/0?dtype=zz", "Accept", "garbage"), "dtype");
	}

	@Test
	void aTypeWeightedZeroIsNotAcceptable() {
		String image = TEST + "/images/0.png";
		String prediction = TEST + "/items/0/prediction";
		assertThat(assertProblem(get("/api/v1/datasets", "Accept", "application/json;q=0"), 406).get("detail").asString())
			.contains("is served as application/json");
		assertProblem(get(image, "Accept", "image/png;q=0"), 406);
		assertProblem(get(image, "Accept", "image/png;Q=0"), 406);
		assertProblem(get(image, "Accept", "image/png; q = 0"), 406);
		assertProblem(get(image, "Accept", "image/png;q=0, text/html"), 406);
		assertProblem(get(prediction, "Accept", "application/json;q=0.0, text/html;q=1"), 406);
		assertProblem(get("/api/v1/models", "Accept", "application/json;q=0"), 406);

		assertThat(header(get(image, "Accept", "image/png;q=0.1"), "Content-Type")).isEqualTo("image/png");
		assertThat(header(get(image, "Accept", "text/html;q=0, image/*;q=0.5"), "Content-Type")).isEqualTo("image/png");
		assertThat(get("/api/v1/datasets", "Accept", "application/json;q=0.001").statusCode()).isEqualTo(200);
	}

	@Test
	void errorAskedForItselfIsNotFound() {
		assertThat(assertProblem(get("/error"), 404).get("detail").asString()).startsWith("Nothing is served at /error.");
	}

	private static String body(String response) {
		return response.substring(response.indexOf("\r\n\r\n") + 4);
	}

}
