package org.fashionmnist.server.web;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.servlet.Filter;
import org.junit.jupiter.api.BeforeAll;

import org.fashionmnist.server.FashionMnistServerApplication;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Base of the tests that hold a fast path to the controller it stands in for: each request goes to this
 * application (fast paths on) and to a second one started with both fast paths off, and status, headers
 * (but {@code Date}) and body must be the same.
 */
public abstract class FastPathComparisonTest extends HttpTest {

	private static final HttpClient client = HttpClient.newHttpClient();

	private static ConfigurableApplicationContext withoutFastPaths;

	/**
	 * The controller-only application, started once for every fast path's comparison in this run (it is
	 * the same for all of them) and closed by Spring Boot's shutdown hook when the run ends.
	 */
	@BeforeAll
	static synchronized void startTheControllerOnlyApplication() {
		if (withoutFastPaths == null) {
			// Arguments, not default properties: application.yml's port (8080) would win over those.
			withoutFastPaths = new SpringApplicationBuilder(FashionMnistServerApplication.class).run("--server.port=0",
					"--fmnist.web.image-fast-path=false", "--fmnist.web.batch-fast-path=false", "--fmnist.models.baseline.enabled=false");
		}
	}

	/** Sends the request to both applications, asserts the same answer, and returns the fast path's. */
	protected HttpResponse<byte[]> assertSameAnswer(HttpRequest.Builder request, String pathAndQuery) {
		// Both answers are the same, so checking the fast path's against the OpenAPI description checks both.
		HttpResponse<byte[]> fast = send(request.copy().uri(uri(pathAndQuery)).build());
		HttpResponse<byte[]> controller = sendToTheController(request.copy(), pathAndQuery);
		HttpRequest sent = request.copy().uri(URI.create("http://localhost" + pathAndQuery)).build();
		String what = sent.method() + " " + pathAndQuery + " " + sent.headers().map();
		assertThat(fast.statusCode()).as("status of %s", what).isEqualTo(controller.statusCode());
		assertThat(headers(fast)).as("headers of %s", what).isEqualTo(headers(controller));
		assertThat(fast.body()).as("body of %s", what).isEqualTo(controller.body());
		return fast;
	}

	/** {@link #assertSameAnswer} for a {@code GET} of the path and for a {@code HEAD} of it. */
	protected void assertSameAnswerToGetAndHead(String pathAndQuery) {
		assertSameAnswer(HttpRequest.newBuilder().GET(), pathAndQuery);
		assertSameAnswer(HttpRequest.newBuilder().method("HEAD", HttpRequest.BodyPublishers.noBody()), pathAndQuery);
	}

	protected HttpResponse<byte[]> sendToTheController(HttpRequest.Builder request, String pathAndQuery) {
		return send(request, pathAndQuery, ((WebServerApplicationContext) withoutFastPaths).getWebServer().getPort());
	}

	/** Whether the filter hands the request on to the rest of the chain rather than answering it. */
	protected static boolean passesOn(Filter filter, String method, String path, String query) throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest(method, path);
		request.setQueryString(query);
		MockFilterChain chain = new MockFilterChain();
		filter.doFilter(request, new MockHttpServletResponse(), chain);
		return chain.getRequest() != null;
	}

	/**
	 * Requests {@code served} (answered 200 by the fast path) and {@code missing} (a 404 the controller
	 * answers) from both applications, then asserts that the fast path counted its 200 in the series the
	 * controller's 200 goes to: the same {@code uri} tag and the same label names.
	 */
	protected void assertCountedInTheControllersTimer(String uriPattern, String served, String missing) {
		get(served);
		get(missing);
		sendToTheController(HttpRequest.newBuilder().GET(), served);
		sendToTheController(HttpRequest.newBuilder().GET(), missing);

		Map<String, String> fast = timerSeries(new String(get("/actuator/prometheus").body()), uriPattern);
		Map<String, String> controller = timerSeries(
				new String(sendToTheController(HttpRequest.newBuilder().GET(), "/actuator/prometheus").body()), uriPattern);
		assertThat(fast.keySet()).contains("method=GET,status=200", "method=GET,status=404");
		assertThat(fast.get("method=GET,status=200")).as("label names of the fast path's series")
			.isEqualTo(controller.get("method=GET,status=200"));
	}

	/**
	 * The request counter's series of one endpoint in a Prometheus scrape: for each method and status, all
	 * its label names.
	 */
	private static Map<String, String> timerSeries(String prometheus, String uriPattern) {
		Map<String, String> series = new TreeMap<>();
		Matcher line = Pattern.compile("(?m)^http_server_requests_seconds_count\\{(.*)} \\S+$").matcher(prometheus);
		while (line.find()) {
			Map<String, String> labels = new TreeMap<>();
			Matcher label = Pattern.compile("(\\w+)=\"([^\"]*)\"").matcher(line.group(1));
			while (label.find()) {
				labels.put(label.group(1), label.group(2));
			}
			if (uriPattern.equals(labels.get("uri"))) {
				series.put("method=" + labels.get("method") + ",status=" + labels.get("status"), String.join(",", new TreeSet<>(labels.keySet())));
			}
		}
		return series;
	}

	private static Map<String, Object> headers(HttpResponse<?> response) {
		Map<String, Object> headers = new TreeMap<>(response.headers().map());
		headers.remove("date");
		return headers;
	}

	private static HttpResponse<byte[]> send(HttpRequest.Builder request, String pathAndQuery, int port) {
		try {
			return client.send(request.uri(URI.create("http://localhost:" + port + pathAndQuery)).build(),
					HttpResponse.BodyHandlers.ofByteArray());
		}
		catch (IOException ex) {
			throw new IllegalStateException(pathAndQuery + " failed", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
