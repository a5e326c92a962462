package org.fashionmnist.server.web;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Base of the tests that talk to the running application over real HTTP on a random port, as a
 * client would. All subclasses share one application context, so the data loads once.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
public abstract class HttpTest {

	protected static final String DATASET = "/api/v1/datasets/fashion-mnist";

	protected static final String TRAIN = DATASET + "/splits/train";

	protected static final String TEST = DATASET + "/splits/test";

	private static final HttpClient client = HttpClient.newHttpClient();

	@LocalServerPort
	protected int port;

	@Autowired
	protected JsonMapper json;

	protected URI uri(String pathAndQuery) {
		return URI.create("http://localhost:" + this.port + pathAndQuery);
	}

	protected HttpResponse<byte[]> get(String pathAndQuery, String... headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(pathAndQuery)).GET();
		if (headers.length > 0) {
			request.headers(headers);
		}
		return send(request.build());
	}

	/**
	 * Sends {@code request} and returns the response, whose JSON body, if it has one, must be what the OpenAPI
	 * description documents for the operation and status ({@link DocumentedResponses}).
	 */
	protected HttpResponse<byte[]> send(HttpRequest request) {
		HttpResponse<byte[]> response = exchange(request);
		DocumentedResponses.of(this.port, this.json).check(response);
		return response;
	}

	/** Sends {@code request} as it is, unchecked. */
	static HttpResponse<byte[]> exchange(HttpRequest request) {
		try {
			return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
		}
		catch (IOException ex) {
			throw new IllegalStateException(request.method() + " " + request.uri() + " failed", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Sends {@code request} as written, byte for byte, and returns the whole response (the request should
	 * say {@code Connection: close}): for requests that {@code java.net.http} refuses to make.
	 */
	protected String raw(String request) throws IOException {
		try (Socket socket = new Socket("localhost", this.port)) {
			socket.setSoTimeout(10_000);
			socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
			return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	protected JsonNode getJson(String pathAndQuery) {
		HttpResponse<byte[]> response = get(pathAndQuery);
		assertThat(response.statusCode()).as("status of GET %s", pathAndQuery).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
		return this.json.readTree(response.body());
	}

	/**
	 * Asserts that the response is an RFC 9457 problem with the given status, and returns it.
	 */
	protected JsonNode assertProblem(HttpResponse<byte[]> response, int status) {
		assertThat(response.statusCode()).as("status; body: %s", new String(response.body())).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		JsonNode problem = this.json.readTree(response.body());
		assertThat(problem.get("status").asInt()).isEqualTo(status);
		assertThat(problem.get("title").asString()).isNotBlank();
		assertThat(problem.get("detail").asString()).isNotBlank();
		assertThat(problem.get("type").asString()).isNotBlank();
		assertThat(problem.get("instance").asString()).startsWith("/");
		assertThat(new String(response.body())).doesNotContain("Exception").doesNotContain("at org.");
		return problem;
	}

	/** Asserts a 400 problem whose {@code errors} name exactly the given parameters. */
	protected JsonNode assertParameterProblem(HttpResponse<byte[]> response, String... parameters) {
		JsonNode problem = assertProblem(response, 400);
		String[] named = problem.get("errors").valueStream().map((error) -> error.get("parameter").asString()).toArray(String[]::new);
		assertThat(named).as("parameters named in %s", problem).containsExactlyInAnyOrder(parameters);
		problem.get("errors").forEach((error) -> assertThat(error.get("message").asString()).isNotBlank());
		return problem;
	}

	protected static String header(HttpResponse<?> response, String name) {
		return response.headers().firstValue(name).orElse(null);
	}

	/** Every {@code Vary} value of the response, in one list: CORS adds its own lines before the negotiation's. */
	protected static String vary(HttpResponse<?> response) {
		return String.join(", ", response.headers().allValues("Vary"));
	}

	public static byte[] gunzip(byte[] bytes) {
		try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	protected static int[] ints(JsonNode array) {
		return array.valueStream().mapToInt(JsonNode::asInt).toArray();
	}

}
