package org.fashionmnist.server.process;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The jar `./mvnw package` builds starts as the README says, within the documented heap, serves, and
 * stops cleanly on SIGTERM.
 */
class PackagedJarIT {

	@Test
	void startsWith256MegabytesOfHeapServesAndStopsOnSigterm() throws Exception {
		try (ServerProcess server = ServerProcess.start("packaged-jar").awaitReady()) {
			HttpClient client = HttpClient.newHttpClient();
			HttpResponse<byte[]> png = client.send(HttpRequest.newBuilder(server.uri("/api/v1/datasets/fashion-mnist/splits/test/images/0.png")).build(),
					HttpResponse.BodyHandlers.ofByteArray());
			assertThat(png.statusCode()).isEqualTo(200);
			assertThat(png.body()).startsWith(0x89, 'P', 'N', 'G');

			server.terminate();
			int exit = server.awaitExit(Duration.ofSeconds(30));
			assertThat(exit).as("exit code after SIGTERM").isIn(0, 143);
			assertThat(server.log()).contains("Commencing graceful shutdown").doesNotContain("Exception");
		}
	}

}
