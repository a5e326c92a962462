package org.fashionmnist.server.web.prediction;

import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.fashionmnist.server.web.DocumentedResponses;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The KServe V2 infer endpoint takes part in the same admission by memory as the v1 predictions: while
 * a v1 upload holds all the memory prediction requests may use, a V2 request is refused at once with
 * 503, {@code Retry-After} and the protocol's error object, and served again once the upload is gone
 * (which the server takes quietly: a client that leaves is not a server error).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "fmnist.predictions.max-memory=1MB")
@ExtendWith(OutputCaptureExtension.class)
class InferenceAdmissionApiTest {

	private static final HttpClient client = HttpClient.newHttpClient();

	private static final String ONE_BLACK_IMAGE = "{\"inputs\":[{\"name\":\"input\",\"shape\":[1,784],\"datatype\":\"UINT8\",\"data\":["
			+ "0,".repeat(783) + "0]}]}";

	@LocalServerPort
	int port;

	@Autowired
	JsonMapper json;

	@Test
	void aV2RequestIsRefusedWhileAnUploadHoldsThePredictionMemory(CapturedOutput output) throws Exception {
		assertThat(infer().statusCode()).isEqualTo(200);
		try (Socket upload = new Socket("localhost", this.port)) {
			OutputStream out = upload.getOutputStream();
			out.write(("POST /api/v1/models/baseline/predictions HTTP/1.1\r\nHost: localhost\r\n"
					+ "Content-Type: application/x-npy\r\nContent-Length: 800000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
			out.write(new byte[1000]);
			out.flush();
			awaitReserved(true);

			HttpResponse<byte[]> refused = infer();

			assertThat(refused.statusCode()).isEqualTo(503);
			assertThat(refused.headers().firstValue("Retry-After")).isPresent();
			JsonNode error = this.json.readTree(refused.body());
			assertThat(error.propertyNames()).containsExactly("error");
			assertThat(error.get("error").asString()).contains("busy");
		}
		awaitReserved(false);
		assertThat(infer().statusCode()).isEqualTo(200);
		// The abandoned upload is the client's doing, not a server error worth an operator's attention.
		assertThat(output.getOut()).doesNotContain("Unexpected error").doesNotContain("ClientAbortException");
	}

	/** Posts one black image; the answer, a 200 or the 503, must be as the OpenAPI description documents it. */
	private HttpResponse<byte[]> infer() throws Exception {
		HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(uri("/v2/models/baseline/infer"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(ONE_BLACK_IMAGE))
			.build(), HttpResponse.BodyHandlers.ofByteArray());
		DocumentedResponses.of(this.port, this.json).check(response);
		return response;
	}

	/** Waits until the reserved-memory gauge says whether memory is held. */
	private void awaitReserved(boolean held) throws Exception {
		Pattern gauge = Pattern.compile("(?m)^fmnist_predictions_memory_reserved(?:\\{[^}]*})? (\\S+)$");
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		double reserved = -1;
		while (System.nanoTime() < deadline) {
			String metrics = client.send(HttpRequest.newBuilder(uri("/actuator/prometheus")).build(),
					HttpResponse.BodyHandlers.ofString()).body();
			Matcher matcher = gauge.matcher(metrics);
			assertThat(matcher.find()).as("the reserved-memory gauge").isTrue();
			reserved = Double.parseDouble(matcher.group(1));
			if ((reserved > 0) == held) {
				return;
			}
			Thread.sleep(50);
		}
		throw new AssertionError("reserved memory stayed at " + reserved + " bytes");
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

}
