package org.fashionmnist.server.process;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The jar `./mvnw package` builds starts as docs/development.md says, within the documented heap, serves, and
 * stops cleanly on SIGTERM: run plainly, and with the Docker image's JVM options (docker/jvm.options:
 * its ahead-of-time processed context, a less eager C2 kept from start-up-only code by a directives file).
 */
class PackagedJarIT {

	@ParameterizedTest(name = "with the image's JVM options: {0}")
	@ValueSource(booleans = { false, true })
	void startsWith256MegabytesOfHeapServesAndStopsOnSigterm(boolean aot) throws Exception {
		try (ServerProcess server = ServerProcess.start("packaged-jar-" + (aot ? "aot" : "plain"),
				aot ? List.of("@docker/jvm.options") : List.of(), List.of()).awaitReady()) {
			HttpClient client = HttpClient.newHttpClient();
			HttpResponse<byte[]> png = client.send(HttpRequest.newBuilder(server.uri("/api/v1/datasets/fashion-mnist/splits/test/images/0.png")).build(),
					HttpResponse.BodyHandlers.ofByteArray());
			assertThat(png.statusCode()).isEqualTo(200);
			assertThat(png.body()).startsWith(0x89, 'P', 'N', 'G');
			// The evaluation runs after start-up; asking for the model waits for it.
			HttpResponse<String> model = client.send(HttpRequest.newBuilder(server.uri("/api/v1/models/baseline")).build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(model.statusCode()).isEqualTo(200);
			assertThat(model.body()).contains("\"split\":\"test\"").contains("\"size\":10000").contains("\"confusionMatrix\"");

			server.terminate();
			int exit = server.awaitExit(Duration.ofSeconds(30));
			assertThat(exit).as("exit code after SIGTERM").isIn(0, 143);
			assertThat(server.log()).contains("Commencing graceful shutdown").doesNotContain("Exception")
				.contains(aot ? "Starting AOT-processed" : "Starting FashionMnistServerApplication")
				.containsPattern("Evaluated model baseline on 10000 test images in \\d+ ms: accuracy 0\\.9");
		}
	}

}
