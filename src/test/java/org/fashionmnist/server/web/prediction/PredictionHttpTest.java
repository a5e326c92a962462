package org.fashionmnist.server.web.prediction;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import tools.jackson.databind.JsonNode;

import org.fashionmnist.server.OriginalFiles;
import org.fashionmnist.server.tensor.NpyHeader;
import org.fashionmnist.server.web.HttpTest;

import static org.assertj.core.api.Assertions.assertThat;

/** Helpers of the tests that post images to the prediction endpoint. */
public abstract class PredictionHttpTest extends HttpTest {

	protected static final String MODELS = "/api/v1/models";

	protected static final String PREDICTIONS = MODELS + "/baseline/predictions";

	protected HttpResponse<byte[]> post(String pathAndQuery, String contentType, byte[] body) {
		return (contentType != null) ? post(pathAndQuery, body, "Content-Type", contentType) : post(pathAndQuery, body);
	}

	/** Posts with the given headers, as name-value pairs. */
	protected HttpResponse<byte[]> post(String pathAndQuery, byte[] body, String... headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(pathAndQuery)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
		if (headers.length > 0) {
			request.headers(headers);
		}
		return send(request.build());
	}

	/** Posts and expects 200 with JSON predictions, returning the list of predictions. */
	protected JsonNode predict(String query, String contentType, byte[] body) {
		HttpResponse<byte[]> response = post(PREDICTIONS + query, contentType, body);
		assertThat(response.statusCode()).as("status; body: %s", new String(response.body())).isEqualTo(200);
		assertThat(header(response, "Content-Type")).isEqualTo("application/json");
		JsonNode json = this.json.readTree(response.body());
		assertThat(json.get("model").asString()).isEqualTo("baseline");
		return json.get("predictions");
	}

	/** The stored item's prediction from the server. */
	protected JsonNode storedPrediction(int index) {
		return getJson(TEST + "/items/" + index + "/prediction").get("prediction");
	}

	protected void assertStillReady() {
		HttpResponse<byte[]> response = get("/actuator/health/readiness");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(this.json.readTree(response.body()).get("status").asString()).isEqualTo("UP");
	}

	/** Sends only the headers of a POST to {@code path} that declares {@code length} bytes, and reads the answer. */
	protected String rawPost(String path, String contentType, long length) throws IOException {
		try (Socket socket = new Socket("localhost", this.port)) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: " + contentType
					+ "\r\nContent-Length: " + length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
			out.flush();
			return readAnswer(socket.getInputStream());
		}
	}

	/** Sends a POST whose body of {@code length} zero bytes comes in chunks of 1 MiB, without a length. */
	protected String rawChunkedPost(String path, String contentType, int length) throws IOException {
		try (Socket socket = new Socket("localhost", this.port)) {
			socket.setSoTimeout(30_000);
			OutputStream out = socket.getOutputStream();
			out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: " + contentType
					+ "\r\nTransfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
			byte[] chunk = new byte[1024 * 1024];
			for (int sent = 0; sent < length; sent += chunk.length) {
				int size = Math.min(chunk.length, length - sent);
				out.write((Integer.toHexString(size) + "\r\n").getBytes(StandardCharsets.US_ASCII));
				out.write(chunk, 0, size);
				out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
			}
			out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
			out.flush();
			return readAnswer(socket.getInputStream());
		}
	}

	private static String readAnswer(InputStream in) throws IOException {
		byte[] buffer = new byte[4096];
		StringBuilder text = new StringBuilder();
		for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
			text.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
			if (text.toString().contains("}")) {
				break;
			}
		}
		return text.toString();
	}

	protected static byte[] multipart(String boundary, List<Part> parts) {
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

	protected record Part(String name, String filename, String contentType, byte[] content) {
	}

	/** Test images {@code from .. from+count-1} as a uint8 .npy array [count,28,28]. */
	protected static byte[] testImagesNpy(int from, int count) {
		byte[] images = OriginalFiles.images("t10k");
		return npy(NpyHeader.of("|u1", count, 28, 28), java.util.Arrays.copyOfRange(images, from * 784, (from + count) * 784));
	}

	protected static byte[] floatNpy(float[] values, long... shape) {
		ByteBuffer data = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
		data.asFloatBuffer().put(values);
		return npy(NpyHeader.of("<f4", shape), data.array());
	}

	protected static byte[] npy(byte[] header, byte[] data) {
		byte[] file = java.util.Arrays.copyOf(header, header.length + data.length);
		System.arraycopy(data, 0, file, header.length, data.length);
		return file;
	}

}
