package org.fashionmnist.server.process;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * One environment variable, as {@code docker run -e}, the compose file or the Kubernetes manifest sets it,
 * turns the packaged jar's console into Elastic Common Schema JSON, one object a line, Spring Boot's own
 * structured logging; the start-up lines keep their text and carry their figures as fields as well. (That the
 * default stays plain text, with the same messages, {@code ModelStartupTest} shows in-process.)
 */
class StructuredLogsIT {

	private static final Duration EVALUATION_TIMEOUT = Duration.ofSeconds(180);

	private final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient client = HttpClient.newHttpClient();

	@Test
	void logsAreEcsJsonWithTheDataAndModelFiguresAsFieldsWhenOneVariableSaysSo() throws Exception {
		JsonNode model;
		String log;
		try (ServerProcess server = ServerProcess.start("structured-logs", Map.of("LOGGING_STRUCTURED_FORMAT_CONSOLE", "ecs"))) {
			server.awaitReady();
			model = this.json.readTree(get(server, "/api/v1/models/baseline"));
			awaitLine(server, "Predicted model baseline on 60000 train images");
			server.terminate();
			assertThat(server.awaitExit(Duration.ofSeconds(60))).isEqualTo(143);
			log = server.log();
		}

		List<JsonNode> lines = log.lines().map(this::object).toList();
		assertThat(lines).hasSizeGreaterThan(10);
		for (JsonNode line : lines) {
			assertThat(Instant.parse(line.get("@timestamp").asString())).isBetween(Instant.now().minusSeconds(600), Instant.now());
			assertThat(line.get("log").get("level").asString()).isIn("TRACE", "DEBUG", "INFO", "WARN", "ERROR");
			assertThat(line.get("log").get("logger").asString()).isNotBlank();
			assertThat(line.get("message").asString()).isNotBlank();
			assertThat(line.get("service").get("name").asString()).isEqualTo("fashion-mnist-server");
			assertThat(line.get("ecs").get("version").asString()).isNotBlank();
		}

		JsonNode data = line(lines, "Loaded fashion-mnist from ");
		assertThat(data.get("message").asString()).matches("Loaded fashion-mnist from classpath:bundled/data/fashion-mnist in \\d+ ms: "
				+ "60000 train and 10000 test images, SHA-256 of all 4 files verified");
		assertThat(data.get("dataset").get("id").asString()).isEqualTo("fashion-mnist");
		assertThat(data.get("dataset").get("source").asString()).isEqualTo("classpath:bundled/data/fashion-mnist");
		assertThat(data.get("dataset").get("train").get("images").asInt()).isEqualTo(60_000);
		assertThat(data.get("dataset").get("test").get("images").asInt()).isEqualTo(10_000);
		assertThat(data.get("dataset").get("files").get("verified").asInt()).isEqualTo(4);
		assertDuration(data);

		JsonNode loaded = line(lines, "Loaded model baseline from ");
		assertThat(loaded.get("model").get("id").asString()).isEqualTo("baseline");
		assertThat(loaded.get("model").get("source").asString()).isEqualTo("classpath:bundled/models/baseline.onnx");
		assertThat(loaded.get("model").get("parameters").asLong()).isEqualTo(model.get("parameters").asLong());
		assertThat(loaded.get("model").get("sha256").asString()).isEqualTo(model.get("sha256").asString());
		assertDuration(loaded);

		JsonNode evaluated = line(lines, "Evaluated model baseline on ");
		assertThat(evaluated.get("model").get("id").asString()).isEqualTo("baseline");
		assertThat(evaluated.get("evaluation").get("split").asString()).isEqualTo("test");
		assertThat(evaluated.get("evaluation").get("images").asInt()).isEqualTo(10_000);
		assertThat(evaluated.get("evaluation").get("accuracy").asDouble())
			.isEqualTo(model.get("evaluation").get("accuracy").asDouble())
			.isGreaterThan(0.85);
		assertDuration(evaluated);

		JsonNode predicted = line(lines, "Predicted model baseline on ");
		assertThat(predicted.get("prediction").get("split").asString()).isEqualTo("train");
		assertThat(predicted.get("prediction").get("images").asInt()).isEqualTo(60_000);
		assertDuration(predicted);
	}

	private JsonNode object(String line) {
		try {
			JsonNode node = this.json.readTree(line);
			assertThat(node.isObject()).as("a JSON object: %s", line).isTrue();
			return node;
		}
		catch (JacksonException ex) {
			return fail("Not a JSON line: " + line, ex);
		}
	}

	private static JsonNode line(List<JsonNode> lines, String messageStart) {
		List<JsonNode> found = lines.stream().filter((line) -> line.get("message").asString().startsWith(messageStart)).toList();
		assertThat(found).as("lines starting %s", messageStart).hasSize(1);
		return found.get(0);
	}

	/** ECS's {@code event.duration}, in nanoseconds: the milliseconds in the message, give or take the rounding. */
	private static void assertDuration(JsonNode line) {
		long nanos = line.get("event").get("duration").asLong();
		String millis = line.get("message").asString().replaceAll(".* in (\\d+) ms.*", "$1");
		assertThat(nanos / 1_000_000).as("event.duration of %s", line).isEqualTo(Long.parseLong(millis));
	}

	private void awaitLine(ServerProcess server, String text) throws InterruptedException {
		long deadline = System.nanoTime() + EVALUATION_TIMEOUT.toNanos();
		while (!server.log().contains(text)) {
			if (System.nanoTime() > deadline) {
				fail("No line with \"" + text + "\" within " + EVALUATION_TIMEOUT + ":\n" + server.logTail());
			}
			Thread.sleep(200);
		}
	}

	private byte[] get(ServerProcess server, String path) throws IOException, InterruptedException {
		HttpResponse<byte[]> response = this.client.send(HttpRequest.newBuilder(server.uri(path)).build(),
				HttpResponse.BodyHandlers.ofByteArray());
		assertThat(response.statusCode()).as("GET %s", path).isEqualTo(200);
		return response.body();
	}

}
