package org.fashionmnist.server.web.http;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.fashionmnist.server.gallery.Browser;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A page served from another origin (another port of 127.0.0.1) calls the API with {@code fetch} in a real
 * headless Chromium, which enforces CORS: it reads items JSON, a batch with its headers, and posts a
 * prediction, which needs a preflight.
 */
@Tag("browser")
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class CorsBrowserTest {

	private static final String PAGE = """
			<!doctype html><html lang="en"><head><title>notebook</title></head><body><pre id="out"></pre><script>
			const api = new URLSearchParams(location.search).get("api");
			const out = document.getElementById("out");
			(async () => {
			  try {
			    const items = await (await fetch(`${api}/api/v1/datasets/fashion-mnist/splits/test/items?size=3&label=9`)).json();
			    const batch = await fetch(`${api}/api/v1/datasets/fashion-mnist/splits/train/batches/1?batchSize=8`);
			    const bytes = (await batch.arrayBuffer()).byteLength;
			    const pixels = Array.from({ length: 28 }, () => new Array(28).fill(0));
			    const prediction = await (await fetch(`${api}/api/v1/models/baseline/predictions`, {
			      method: "POST", headers: { "Content-Type": "application/json" },
			      body: JSON.stringify({ instances: [pixels] }) })).json();
			    out.textContent = JSON.stringify({ first: items.items[0].className, total: items.totalItems,
			      batchIndex: batch.headers.get("X-Batch-Index"), etag: batch.headers.get("ETag") !== null, bytes,
			      predicted: prediction.predictions.length });
			  } catch (error) {
			    out.textContent = "failed: " + error;
			  }
			  out.id = "done";
			})();
			</script></body></html>
			""";

	private static ChromeDriver browser;

	private static HttpServer otherOrigin;

	@LocalServerPort
	int port;

	@BeforeAll
	static void start() throws Exception {
		browser = Browser.start();
		otherOrigin = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		otherOrigin.createContext("/", (exchange) -> {
			byte[] body = PAGE.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
			exchange.sendResponseHeaders(200, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		otherOrigin.start();
	}

	@AfterAll
	static void stop() {
		if (browser != null) {
			browser.quit();
		}
		if (otherOrigin != null) {
			otherOrigin.stop(0);
		}
	}

	@Test
	void aPageOfAnotherOriginReadsItemsABatchAndPostsAPrediction() throws IOException {
		String api = "http://localhost:" + this.port;
		browser.get("http://127.0.0.1:" + otherOrigin.getAddress().getPort() + "/notebook.html?api=" + api);
		String result = new WebDriverWait(browser, Duration.ofSeconds(30))
			.until(ExpectedConditions.presenceOfElementLocated(By.id("done")))
			.getText();
		assertThat(result).as("what the page could read").doesNotStartWith("failed")
			.contains("\"first\":\"Ankle boot\"", "\"total\":1000", "\"batchIndex\":\"1\"", "\"etag\":true", "\"predicted\":1");
	}

}
