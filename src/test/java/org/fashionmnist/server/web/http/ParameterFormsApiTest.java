package org.fashionmnist.server.web.http;

import java.io.IOException;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import org.fashionmnist.server.web.HttpTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Numbers in paths and parameters are decimal (Spring alone would read 0x10 and #10 as 16), booleans
 * are true or false, and a parameter that takes one value is given once.
 */
class ParameterFormsApiTest extends HttpTest {

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', value = { "/items/0x10|index", "/items/%2310|index", "/items/1e1|index", "/images/0x10.png|index",
			"/images/0X7.png|index", "/items?size=0x10|size", "/items?page=-0x1|page", "/labels?limit=%2310|limit",
			"/sprite.png?limit=0x4|limit", "/batches/0x1|batch", "/batches/0?batchSize=0x10|batchSize",
			"/batches/0?seed=0x10|seed", "/batches?epoch=%231|epoch", "/batches/0?format=json&shard=0x0|shard" })
	void hexadecimalAndOtherNotationsAreRefused(String pathAndQuery, String parameter) {
		JsonNode problem = assertParameterProblem(get(TRAIN + pathAndQuery), parameter);

		assertThat(problem.get("errors").get(0).get("message").asString()).startsWith("must be a decimal integer, found '");
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', value = { "/items?page=%20|page", "/items?size=%09|size", "/items/%20|index", "/images/.png|index",
			"/batches/%20|batch", "/items/%EF%BC%95|index", "/items?size=%D9%A5|size", "/items?page=1%00|page",
			"/items?page=%0B1%00|page" })
	void blanksAndDigitsOfOtherScriptsAreNotNumbers(String pathAndQuery, String parameter) {
		JsonNode problem = assertParameterProblem(get(TRAIN + pathAndQuery), parameter);

		assertThat(problem.get("errors").get(0).get("message").asString()).startsWith("must be a decimal integer, found '");
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "/items?page=%zz", "/items?page=%2", "/items?a=%zz", "/labels?=1", "/batches/0?%zz=1",
			"/items?page=%C0%B1" })
	void aQueryStringThatCannotBeReadIsA400(String pathAndQuery) throws IOException {
		// Sent as written: java.net.URI refuses to make such a request.
		String response = raw("GET " + TRAIN + pathAndQuery + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

		assertThat(response).startsWith("HTTP/1.1 400 ").contains("Content-Type: application/problem+json")
			.contains("\"detail\":\"The query string cannot be read");
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', value = { "/batches/0?dtype=uint8%00|dtype", "/batches/0?format=npz%00|format",
			"/batches/0?layout=%00nhw|layout" })
	void controlCharactersAreNotWhitespace(String pathAndQuery, String parameter) {
		assertParameterProblem(get(TRAIN + pathAndQuery), parameter);
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', value = { "/images/3.png?invert=yes|invert", "/sprite.png?invert=1|invert",
			"/batches?shuffle=on|shuffle", "/batches/0?dropLast=0|dropLast", "/batches/0?shuffle=t|shuffle" })
	void booleansAreTrueOrFalse(String pathAndQuery, String parameter) {
		JsonNode problem = assertParameterProblem(get(TRAIN + pathAndQuery), parameter);

		assertThat(problem.get("errors").get(0).get("message").asString()).startsWith("must be true or false, found '");
		assertThat(get(TRAIN + "/images/3.png?invert=TRUE").body()).isEqualTo(get(TRAIN + "/images/3.png?invert=true").body());
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', value = { "/batches/0?label=0x3|label", "/items?label=3,x|label", "/sprite.png?label=3&label=%235|label" })
	void listElementsAreDecimalToo(String pathAndQuery, String parameter) {
		JsonNode problem = assertParameterProblem(get(TRAIN + pathAndQuery), parameter);

		assertThat(problem.get("errors").get(0).get("message").asString())
			.startsWith("must be decimal integers, comma-separated or with the parameter repeated, found '");
	}

	@Test
	void digitsBeyondTheTypeSayWhereItEnds() {
		JsonNode problem = assertParameterProblem(get(TRAIN + "/batches/0?seed=99999999999999999999"), "seed");

		assertThat(problem.get("errors").get(0).get("message").asString())
			.isEqualTo("must be at most 9223372036854775807, found '99999999999999999999'");
		assertThat(assertParameterProblem(get(TRAIN + "/items/-99999999999"), "index").get("detail").asString())
			.contains("at least -2147483648");
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', value = { "/items/%2B7|/items/7", "/items/007|/items/7", "/items?size=%203%20|/items?size=3",
			"/batches/0?batchSize=016&format=json|/batches/0?batchSize=16&format=json",
			"/items?label=3,%205&size=4|/items?label=3&label=5&size=4" })
	void signsLeadingZerosAndSpacesAroundDecimalDigitsAreAccepted(String written, String canonical) {
		HttpResponse<byte[]> response = get(TRAIN + written);

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo(get(TRAIN + canonical).body());
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', quoteCharacter = '"', value = { "/items?size=5&size=10|size|'5', '10'", "/images/3.png?scale=2&scale=3|scale|'2', '3'",
			"/batches/0?batchSize=4&batchSize=4|batchSize|'4', '4'", "/batches/0?dtype=uint8&dtype=float32|dtype|'uint8', 'float32'",
			"/batches?shuffle=true&shuffle=false|shuffle|'true', 'false'", "/sprite.png?invert=true&limit=2&invert=true|invert|'true', 'true'" })
	void aParameterThatTakesOneValueIsRefusedWhenGivenMore(String pathAndQuery, String parameter, String values) {
		JsonNode problem = assertParameterProblem(get(TRAIN + pathAndQuery), parameter);

		assertThat(problem.get("errors").get(0).get("message").asString()).isEqualTo("takes one value, found 2: " + values);
	}

	@Test
	void headersNamedLikeParametersAreNotParameters() {
		String batch = TRAIN + "/batches/1?format=json&batchSize=2";

		HttpResponse<byte[]> withHeaders = get(batch, "Epoch", "5", "shuffle", "true", "Seed", "9", "dtype", "float32");

		assertThat(withHeaders.statusCode()).isEqualTo(200);
		assertThat(withHeaders.body()).isEqualTo(get(batch).body());
		assertThat(get(TRAIN + "/images/3.png?invert=true", "Scale", "2").body()).isEqualTo(get(TRAIN + "/images/3.png?invert=true").body());
	}

	@Test
	void labelsMayRepeat() {
		assertThat(get(TRAIN + "/items?label=3&label=5&size=4").body()).isEqualTo(get(TRAIN + "/items?label=3,5&size=4").body());
		assertThat(get(TRAIN + "/sprite.png?label=1&label=2&limit=2").statusCode()).isEqualTo(200);
	}

}
