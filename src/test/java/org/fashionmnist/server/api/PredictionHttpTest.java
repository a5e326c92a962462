package org.fashionmnist.server.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import tools.jackson.databind.JsonNode;

import org.fashionmnist.server.OriginalFiles;
import org.fashionmnist.server.tensor.NpyHeader;

import static org.assertj.core.api.Assertions.assertThat;

/** Helpers of the tests that post images to the prediction endpoint. */
abstract class PredictionHttpTest extends HttpTest {

	static final String MODELS = "/api/v1/models";

	static final String PREDICTIONS = MODELS + "/baseline/predictions";

	private static final HttpClient client = HttpClient.newHttpClient();

	HttpResponse<byte[]> post(String pathAndQuery, String contentType, byte[] body) {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(pathAndQuery)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
		if (contentType != null) {
			request.header("Content-Type", contentType);
		}
		try {
			return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
		}
		catch (IOException ex) {
			throw new IllegalStateException("POST " + pathAndQuery + " failed", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** Posts and expects 200 with JSON predictions, returning the list of predictions. */
	JsonNode predict(String query, String contentType, byte[] body) {
		HttpResponse<byte[]> response = post(PREDICTIONS + query, contentType, body);
		assertThat(response.statusCode()).as("status; body: %s", new String(response.body())).isEqualTo(200);
		assertThat(header(response, "Content-Type")).isEqualTo("application/json");
		JsonNode json = this.json.readTree(response.body());
		assertThat(json.get("model").asString()).isEqualTo("baseline");
		return json.get("predictions");
	}

	/** The stored item's prediction from the server. */
	JsonNode storedPrediction(int index) {
		return getJson(TEST + "/items/" + index + "/prediction").get("prediction");
	}

	void assertStillReady() {
		HttpResponse<byte[]> response = get("/actuator/health/readiness");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(this.json.readTree(response.body()).get("status").asString()).isEqualTo("UP");
	}

	static byte[] multipart(String boundary, List<Part> parts) {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		for (Part part : parts) {
			body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + part.name() + "\"; filename=\""
					+ part.filename() + "\"\r\nContent-Type: " + part.contentType() + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
			body.writeBytes(part.content());
			body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
		}
		body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
		return body.toByteArray();
	}

	record Part(String name, String filename, String contentType, byte[] content) {
	}

	/** Test images {@code from .. from+count-1} as a uint8 .npy array [count,28,28]. */
	static byte[] testImagesNpy(int from, int count) {
		byte[] images = OriginalFiles.images("t10k");
		return npy(NpyHeader.of("|u1", count, 28, 28), java.util.Arrays.copyOfRange(images, from * 784, (from + count) * 784));
	}

	static byte[] floatNpy(float[] values, long... shape) {
		ByteBuffer data = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
		data.asFloatBuffer().put(values);
		return npy(NpyHeader.of("<f4", shape), data.array());
	}

	static byte[] npy(byte[] header, byte[] data) {
		byte[] file = java.util.Arrays.copyOf(header, header.length + data.length);
		System.arraycopy(data, 0, file, header.length, data.length);
		return file;
	}

}
