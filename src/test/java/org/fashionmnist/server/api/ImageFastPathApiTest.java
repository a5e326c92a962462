package org.fashionmnist.server.api;

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

import jakarta.servlet.FilterChain;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.fashionmnist.server.FashionMnistServerApplication;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The image fast path answers exactly as the controller it stands in for: every request below goes to this
 * application (fast path on) and to a second one started with {@code fmnist.web.image-fast-path=false},
 * and status, headers (but {@code Date}) and body must be the same.
 */
class ImageFastPathApiTest extends HttpTest {

	private static final HttpClient client = HttpClient.newHttpClient();

	private static ConfigurableApplicationContext withoutFastPath;

	@Autowired
	FilterRegistrationBean<ImageFastPath> fastPath;

	@BeforeAll
	static void startTheControllerOnlyApplication() {
		withoutFastPath = new SpringApplicationBuilder(FashionMnistServerApplication.class)
			.properties("server.port=0", "fmnist.web.image-fast-path=false", "fmnist.models.baseline.enabled=false")
			.run();
	}

	@AfterAll
	static void stopIt() {
		withoutFastPath.close();
	}

	@ParameterizedTest
	@ValueSource(strings = { "/train/images/0.png", "/train/images/59999.png", "/test/images/9999.png", "/t10k/images/5.png",
			"/TRAIN/images/3.png", "/train/images/7.png?scale=2", "/train/images/7.png?scale=16&invert=true",
			"/train/images/7.png?invert=false&scale=3", "/test/images/8.png?invert=true",
			// From here on the fast path passes them on, and the controller answers both.
			"/train/images/60000.png", "/test/images/10000.png", "/train/images/-1.png", "/train/images/01.png",
			"/train/images/1e3.png", "/train/images/99999999999.png", "/train/images/7.png?scale=0",
			"/train/images/7.png?scale=17", "/train/images/7.png?scale=01", "/train/images/7.png?scale=abc",
			"/train/images/7.png?scale=", "/train/images/7.png?invert=yes", "/train/images/7.png?invert=TRUE",
			"/train/images/7.png?other=1", "/train/images/7.png?scale=2&scale=3", "/train/images/7.png?",
			"/train/images/7.png?&scale=2", "/validation/images/7.png", "/train/images/%37.png", "/train/images/7.PNG",
			"/train/images/7.png/", "/train/images/7.png;x=1" })
	void answersAsTheControllerDoes(String path) {
		assertSameAnswer(HttpRequest.newBuilder().GET(), DATASET + "/splits" + path);
		assertSameAnswer(HttpRequest.newBuilder().method("HEAD", HttpRequest.BodyPublishers.noBody()), DATASET + "/splits" + path);
	}

	@Test
	void answersForOtherDatasetsAndMethodsAsTheControllerDoes() {
		assertSameAnswer(HttpRequest.newBuilder().GET(), "/api/v1/datasets/mnist/splits/train/images/0.png");
		assertSameAnswer(HttpRequest.newBuilder().POST(HttpRequest.BodyPublishers.noBody()), TRAIN + "/images/0.png");
		assertSameAnswer(HttpRequest.newBuilder().DELETE(), TRAIN + "/images/0.png");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "Accept|image/png", "Accept|image/*", "Accept|*/*", "Accept|text/html, */*",
			"Accept|application/json", "Accept|image/png;q=0", "Accept|text/html", "If-None-Match|\"nope\"",
			"If-None-Match|*" })
	void answersConditionsAndNegotiationAsTheControllerDoes(String name, String value) {
		assertSameAnswer(HttpRequest.newBuilder().GET().header(name, value), TRAIN + "/images/11.png?scale=2");
		assertSameAnswer(HttpRequest.newBuilder().method("HEAD", HttpRequest.BodyPublishers.noBody()).header(name, value), TRAIN + "/images/11.png?scale=2");
	}

	@Test
	void answersRevalidationsAsTheControllerDoes() {
		String etag = header(get(TRAIN + "/images/12.png"), "ETag");
		String gzipVariant = etag.substring(0, etag.length() - 1) + "-gzip\"";
		for (String ifNoneMatch : new String[] { etag, "W/" + etag, "\"x\", " + etag, gzipVariant }) {
			HttpResponse<byte[]> fast = assertSameAnswer(HttpRequest.newBuilder().GET().header("If-None-Match", ifNoneMatch),
					TRAIN + "/images/12.png");
			assertThat(fast.statusCode()).as("If-None-Match: %s", ifNoneMatch).isEqualTo(304);
		}
	}

	@Test
	void answersTheValidFormItselfAndPassesEverythingElseOn() throws Exception {
		ImageFastPath filter = this.fastPath.getFilter();
		assertThat(passesOn(filter, "GET", DATASET + "/splits/train/images/5.png", "scale=2&invert=true")).isFalse();
		assertThat(passesOn(filter, "HEAD", DATASET + "/splits/t10k/images/5.png", null)).isFalse();
		assertThat(passesOn(filter, "GET", DATASET + "/splits/train/images/60000.png", null)).isTrue();
		assertThat(passesOn(filter, "GET", DATASET + "/splits/train/images/5.png", "scale=17")).isTrue();
		assertThat(passesOn(filter, "GET", DATASET + "/splits/train/sprite.png", null)).isTrue();
		assertThat(passesOn(filter, "POST", DATASET + "/splits/train/images/5.png", null)).isTrue();
	}

	@Test
	void countsItsRequestsInTheSameTimerAsTheController() {
		get(TRAIN + "/images/13.png");
		get(TRAIN + "/images/60000.png");
		send(HttpRequest.newBuilder().GET(), TRAIN + "/images/13.png", port(withoutFastPath));
		send(HttpRequest.newBuilder().GET(), TRAIN + "/images/60000.png", port(withoutFastPath));

		Map<String, String> fast = imageTimerSeries(new String(get("/actuator/prometheus").body()));
		Map<String, String> controller = imageTimerSeries(
				new String(send(HttpRequest.newBuilder().GET(), "/actuator/prometheus", port(withoutFastPath)).body()));
		assertThat(fast.keySet()).contains("method=GET,status=200", "method=GET,status=404");
		assertThat(fast.get("method=GET,status=200")).as("label names of the fast path's series")
			.isEqualTo(controller.get("method=GET,status=200"));
	}

	private static boolean passesOn(ImageFastPath filter, String method, String path, String query) throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest(method, path);
		request.setQueryString(query);
		MockFilterChain chain = new MockFilterChain();
		filter.doFilter(request, new MockHttpServletResponse(), chain);
		return chain.getRequest() != null;
	}

	/** For each series of the image endpoint's request counter: method and status, and all its label names. */
	private static Map<String, String> imageTimerSeries(String prometheus) {
		Map<String, String> series = new TreeMap<>();
		Matcher line = Pattern.compile("(?m)^http_server_requests_seconds_count\\{(.*)} \\S+$").matcher(prometheus);
		while (line.find()) {
			Map<String, String> labels = new TreeMap<>();
			Matcher label = Pattern.compile("(\\w+)=\"([^\"]*)\"").matcher(line.group(1));
			while (label.find()) {
				labels.put(label.group(1), label.group(2));
			}
			if (ImageFastPath.URI_PATTERN.equals(labels.get("uri"))) {
				series.put("method=" + labels.get("method") + ",status=" + labels.get("status"), String.join(",", new TreeSet<>(labels.keySet())));
			}
		}
		return series;
	}

	private HttpResponse<byte[]> assertSameAnswer(HttpRequest.Builder request, String pathAndQuery) {
		HttpResponse<byte[]> fast = send(request.copy(), pathAndQuery, this.port);
		HttpResponse<byte[]> controller = send(request.copy(), pathAndQuery, port(withoutFastPath));
		HttpRequest sent = request.copy().uri(URI.create("http://localhost" + pathAndQuery)).build();
		String what = sent.method() + " " + pathAndQuery + " " + sent.headers().map();
		assertThat(fast.statusCode()).as("status of %s", what).isEqualTo(controller.statusCode());
		assertThat(headers(fast)).as("headers of %s", what).isEqualTo(headers(controller));
		assertThat(fast.body()).as("body of %s", what).isEqualTo(controller.body());
		return fast;
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

	private static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

}
