package org.fashionmnist.server.web.tomcat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.fashionmnist.server.ResponseHeads;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Clients that send slowly or not at all, against the connector as it runs (short timeouts here, so that
 * the tests are short): they are answered when they do finish, and disconnected when they do not within
 * the timeouts. How soon is not asserted; each read has a generous guard against a hang.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "server.tomcat.connection-timeout=2s", "server.tomcat.keep-alive-timeout=2s",
				"fmnist.connections.min-body-rate=1MB", "fmnist.probes.port=0" })
class SlowClientsHttpTest {

	private static final int GUARD_MILLIS = 60_000;

	private static final String PNG = "/api/v1/datasets/fashion-mnist/splits/train/images/7.png";

	@LocalServerPort
	private int port;

	@Value("${" + ProbeConnector.LOCAL_PORT_PROPERTY + "}")
	private int probePort;

	@Test
	void aHeadSentInPiecesIsAnswered() throws Exception {
		try (Socket socket = connect(this.port)) {
			OutputStream out = socket.getOutputStream();
			for (String piece : new String[] { "GET " + PNG + " HT", "TP/1.1\r\nHo", "st: localhost\r\n", "Accept: */*\r\n", "\r", "\n" }) {
				out.write(ascii(piece));
				out.flush();
				TimeUnit.MILLISECONDS.sleep(50);
			}
			String head = ResponseHeads.read(socket.getInputStream());

			assertThat(head).startsWith("HTTP/1.1 200 ").containsIgnoringCase("content-type: image/png");
		}
	}

	@Test
	void pipelinedRequestsAreAnsweredInTurnOnOneConnection() throws Exception {
		try (Socket socket = connect(this.port)) {
			socket.getOutputStream()
				.write(ascii("GET " + PNG + " HTTP/1.1\r\nHost: x\r\n\r\nGET /actuator/health HTTP/1.1\r\nHost: x\r\n\r\n"
						+ "GET /api/v1/datasets/nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
			InputStream in = socket.getInputStream();

			String png = ResponseHeads.read(in);
			ResponseHeads.readBody(in, png);
			String health = ResponseHeads.read(in);
			ResponseHeads.readBody(in, health);
			String missing = ResponseHeads.read(in);

			assertThat(png).startsWith("HTTP/1.1 200 ");
			assertThat(health).startsWith("HTTP/1.1 200 ");
			assertThat(missing).startsWith("HTTP/1.1 404 ");
		}
	}

	@Test
	void aHeadThatIsNeverCompletedIsCutOffThoughBytesKeepComing() throws Exception {
		try (Socket socket = connect(this.port)) {
			OutputStream out = socket.getOutputStream();
			out.write(ascii("GET " + PNG + " HTTP/1.1\r\nHost: x\r\n"));

			assertThat(trickleHeadersUntilClosed(socket, out)).as("the server closed a connection whose head never ended").isTrue();
		}
	}

	@Test
	void aPipelinedHeadThatIsNeverCompletedIsCutOffToo() throws Exception {
		try (Socket socket = connect(this.port)) {
			OutputStream out = socket.getOutputStream();
			out.write(ascii("GET " + PNG + " HTTP/1.1\r\nHost: x\r\n\r\nGET " + PNG + " HTTP/1.1\r\nHost: x\r\n"));
			InputStream in = socket.getInputStream();
			String first = ResponseHeads.read(in);
			ResponseHeads.readBody(in, first);
			assertThat(first).startsWith("HTTP/1.1 200 ");

			assertThat(trickleHeadersUntilClosed(socket, out)).as("the server closed a connection whose second head never ended").isTrue();
		}
	}

	@Test
	void aConnectionThatSendsNothingIsClosed() throws Exception {
		try (Socket socket = connect(this.port)) {
			assertThat(readToEnd(socket)).as("nothing is sent on a connection closed for silence").isEmpty();
		}
	}

	@Test
	void aKeptAliveConnectionIsClosedOnceIdleForItsTimeout() throws Exception {
		try (Socket socket = connect(this.port)) {
			socket.getOutputStream().write(ascii("GET " + PNG + " HTTP/1.1\r\nHost: x\r\n\r\n"));
			InputStream in = socket.getInputStream();
			String head = ResponseHeads.read(in);
			ResponseHeads.readBody(in, head);

			assertThat(head).startsWith("HTTP/1.1 200 ").doesNotContainIgnoringCase("connection: close");
			assertThat(readToEnd(socket)).isEmpty();
		}
	}

	@Test
	void aBodyThatArrivesTooSlowlyIsRefusedWith408() throws Exception {
		try (Socket socket = connect(this.port)) {
			OutputStream out = socket.getOutputStream();
			out.write(ascii("POST /api/v1/models/baseline/predictions HTTP/1.1\r\nHost: x\r\nContent-Type: image/png\r\n"
					+ "Content-Length: 100000\r\n\r\n"));
			String answer = trickleUntilAnswered(socket, out);

			assertThat(answer).startsWith("HTTP/1.1 408 ");
		}
	}

	@Test
	void aBodyTheApplicationDoesNotReadIsHeldToTheSameRate() throws Exception {
		try (Socket socket = connect(this.port)) {
			OutputStream out = socket.getOutputStream();
			out.write(ascii("POST /api/v1/datasets HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n"));
			InputStream in = socket.getInputStream();
			String head = ResponseHeads.read(in);
			ResponseHeads.readBody(in, head);
			assertThat(head).startsWith("HTTP/1.1 405 ");

			boolean closed = false;
			for (int i = 0; i < GUARD_MILLIS / 250 && !closed; i++) {
				try {
					out.write('x');
					out.flush();
				}
				catch (SocketException ex) {
					closed = true;
				}
				closed = closed || ended(socket, 250);
			}
			assertThat(closed).as("the server closed the connection rather than read the rest slowly").isTrue();
		}
	}

	@Test
	void theProbePortAnswersProbesAndNothingElse() throws Exception {
		HttpClient client = HttpClient.newHttpClient();

		HttpResponse<String> liveness = client.send(probe("/actuator/health/liveness"), HttpResponse.BodyHandlers.ofString());
		HttpResponse<String> readiness = client.send(probe("/actuator/health/readiness"), HttpResponse.BodyHandlers.ofString());
		HttpResponse<String> api = client.send(probe("/api/v1/datasets"), HttpResponse.BodyHandlers.ofString());

		assertThat(this.probePort).isNotEqualTo(this.port);
		assertThat(liveness.statusCode()).isEqualTo(200);
		assertThat(readiness.statusCode()).isEqualTo(200);
		assertThat(readiness.body()).contains("\"connections\":{").contains("\"maxConnections\":");
		assertThat(api.statusCode()).isEqualTo(404);
		assertThat(api.headers().firstValue("Content-Type")).hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
	}

	private HttpRequest probe(String path) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.probePort + path)).timeout(Duration.ofSeconds(30)).build();
	}

	/** Sends a header line every 250 ms until the server closes the connection (true) or the guard runs out. */
	private static boolean trickleHeadersUntilClosed(Socket socket, OutputStream out) throws Exception {
		for (int i = 0; i < GUARD_MILLIS / 250; i++) {
			TimeUnit.MILLISECONDS.sleep(250);
			try {
				out.write(ascii("X-Trickle-" + i + ": x\r\n"));
				out.flush();
			}
			catch (SocketException ex) {
				return true; // reset: the server closed it
			}
			if (ended(socket, 1)) {
				return true;
			}
		}
		return false;
	}

	/** Sends a byte of body at a time until a response arrives; returns its head. */
	private static String trickleUntilAnswered(Socket socket, OutputStream out) throws Exception {
		InputStream in = socket.getInputStream();
		for (int i = 0; i < GUARD_MILLIS / 250; i++) {
			try {
				out.write('x');
				out.flush();
			}
			catch (SocketException ex) {
				break; // the server answered and closed; read what it sent
			}
			TimeUnit.MILLISECONDS.sleep(250);
			if (in.available() > 0) {
				break;
			}
		}
		socket.setSoTimeout(GUARD_MILLIS);
		return ResponseHeads.read(in);
	}

	private static Socket connect(int port) throws IOException {
		Socket socket = new Socket("127.0.0.1", port);
		socket.setSoTimeout(GUARD_MILLIS);
		return socket;
	}

	/** Whether the server has closed the connection, waiting up to {@code millis} for a sign. */
	private static boolean ended(Socket socket, int millis) throws IOException {
		socket.setSoTimeout(millis);
		try {
			return socket.getInputStream().read() == -1;
		}
		catch (java.net.SocketTimeoutException ex) {
			return false;
		}
		catch (SocketException ex) {
			return true; // reset
		}
		finally {
			socket.setSoTimeout(GUARD_MILLIS);
		}
	}

	/** Everything the server sends until it closes the connection. */
	private static String readToEnd(Socket socket) throws IOException {
		ByteArrayOutputStream received = new ByteArrayOutputStream();
		try {
			socket.getInputStream().transferTo(received);
		}
		catch (SocketException ex) {
			// reset after what was received
		}
		return received.toString(StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
	}

	private static byte[] ascii(String text) {
		return text.getBytes(StandardCharsets.US_ASCII);
	}

}
