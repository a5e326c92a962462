package org.fashionmnist.server.process;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.fashionmnist.server.OriginalFiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged jar, copied into an empty directory and started there, runs on the dataset and the model
 * bundled inside it, as a user who copies the jar somewhere expects; a data directory or model path given
 * to it is still what it reads, and a wrong one still stops it, naming the file.
 */
class CopiedJarIT {

	@TempDir
	Path dir;

	@Test
	void servesTheBundledDataAndModelFromAnEmptyDirectory() throws Exception {
		Path jar = Files.copy(ServerProcess.jar(), this.dir.resolve("fashion-mnist-server.jar"));
		try (ServerProcess server = ServerProcess.start("copied-jar", this.dir, jar, List.of()).awaitReady()) {
			HttpClient client = HttpClient.newHttpClient();
			HttpResponse<byte[]> png = client.send(
					HttpRequest.newBuilder(server.uri("/api/v1/datasets/fashion-mnist/splits/test/images/0.png")).build(),
					HttpResponse.BodyHandlers.ofByteArray());
			assertThat(png.statusCode()).isEqualTo(200);
			assertThat(png.body()).startsWith(0x89, 'P', 'N', 'G');

			// The original files as bundled: the digests their authors publish.
			HttpResponse<String> dataset = client.send(HttpRequest.newBuilder(server.uri("/api/v1/datasets/fashion-mnist")).build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(dataset.statusCode()).isEqualTo(200);
			assertThat(dataset.body()).contains("\"train\":{\"size\":60000,").contains("\"test\":{\"size\":10000,");
			for (Map.Entry<String, String> file : OriginalFiles.PUBLISHED_MD5.entrySet()) {
				assertThat(dataset.body()).contains("\"" + file.getKey() + "\"").contains("\"" + file.getValue() + "\"");
			}

			HttpResponse<String> prediction = client.send(HttpRequest.newBuilder(server.uri("/api/v1/models/baseline/predictions"))
				.header("Content-Type", "image/png")
				.POST(HttpRequest.BodyPublishers.ofByteArray(png.body()))
				.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(prediction.statusCode()).isEqualTo(200);
			assertThat(prediction.body()).contains("\"model\":\"baseline\"")
				.contains("\"predictions\":[{\"label\":" + OriginalFiles.labels("t10k")[0] + ",");

			assertThat(server.log()).contains("Loaded fashion-mnist from classpath:bundled/data/fashion-mnist in ")
				.contains("Loaded model baseline from classpath:bundled/models/baseline.onnx ");
		}
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource({ "fmnist.data-dir=data, 'Data file {dir}/data/t10k-images-idx3-ubyte.gz: expected the file to exist'",
			"fmnist.models.baseline.path=models/v2.onnx, 'Model file {dir}/models/v2.onnx: expected the file to exist'" })
	void aConfiguredLocationIsReadInsteadAndAWrongOneStopsStartUpNamingTheFile(String setting, String message)
			throws Exception {
		Path jar = Files.copy(ServerProcess.jar(), this.dir.resolve("fashion-mnist-server.jar"));
		try (ServerProcess server = ServerProcess.start("copied-jar-" + setting.substring(0, setting.indexOf('=')), this.dir,
				jar, List.of("--" + setting))) {
			int exit = server.awaitExit(Duration.ofSeconds(120));
			assertThat(exit).as("exit code").isNotZero();
			assertThat(server.log()).contains("APPLICATION FAILED TO START")
				.contains(message.replace("{dir}", this.dir.toAbsolutePath().toString()))
				.doesNotContain("Tomcat started");
		}
	}

}
