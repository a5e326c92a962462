package org.fashionmnist.server.web;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import org.fashionmnist.server.ResponseHeads;

import static org.assertj.core.api.Assertions.assertThat;

class OperationsApiTest extends HttpTest {

	@ParameterizedTest
	@ValueSource(strings = { "/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness" })
	void healthGroupsAreUp(String path) {
		HttpResponse<byte[]> response = get(path);

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(this.json.readTree(response.body()).get("status").asString()).isEqualTo("UP");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/actuator/health/zzz", "/actuator/health/liveness/zzz" })
	void anUnknownHealthGroupIsAProblemThatListsTheGroups(String path) {
		JsonNode problem = assertProblem(get(path), 404);

		assertThat(problem.get("detail").asString()).isEqualTo("Nothing is reported at " + path
				+ ": ask /actuator/health, or one of its groups: /actuator/health/liveness, /actuator/health/readiness.");
		assertThat(problem.get("instance").asString()).isEqualTo(path);
	}

	@Test
	void theGalleryIsServedAtTheRootToBrowsersAndAProblemPointsOtherClientsToTheApi() {
		for (String accept : new String[] { null, "text/html,application/xhtml+xml,*/*;q=0.8", "*/*" }) {
			HttpResponse<byte[]> page = (accept == null) ? get("/") : get("/", "Accept", accept);
			assertThat(page.statusCode()).as(accept).isEqualTo(200);
			assertThat(header(page, "Content-Type")).as(accept).startsWith("text/html");
			assertThat(new String(page.body())).as(accept).contains("<!doctype html>");
		}
		JsonNode problem = assertProblem(get("/", "Accept", "application/json"), 406);

		assertThat(problem.get("detail").asString()).contains("/ is served as text/html")
			.contains("the API starts at /api/v1/datasets");
	}

	@Test
	void theGallerysFilesAreRevalidatedSoThatAnUpgradeReachesTheBrowser() {
		for (String path : new String[] { "/", "/index.html", "/js/app.js", "/css/gallery.css" }) {
			HttpResponse<byte[]> file = get(path);
			assertThat(file.statusCode()).as(path).isEqualTo(200);
			assertThat(header(file, "Cache-Control")).as(path).isEqualTo("no-cache");
			String lastModified = header(file, "Last-Modified");
			assertThat(lastModified).as(path).isNotNull();
			assertThat(get(path, "If-Modified-Since", lastModified).statusCode()).as(path).isEqualTo(304);
			assertThat(get(path, "If-Unmodified-Since", lastModified).statusCode()).as(path).isEqualTo(200);
			JsonNode problem = assertProblem(get(path, "If-Unmodified-Since", "Mon, 01 Jan 2001 00:00:00 GMT"), 412);
			assertThat(problem.get("detail").asString()).as(path).startsWith("The file changed since the date in If-Unmodified-Since");
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "application/json,", ",", "garbage", "application/json;q=2", "*/json" })
	void actuatorReadsAnAcceptHeaderAsTheApiDoes(String accept) throws IOException {
		for (String path : new String[] { "/actuator/health", "/actuator/health/readiness", "/actuator/info" }) {
			HttpResponse<byte[]> response = get(path, "Accept", accept);
			assertThat(response.statusCode()).as("%s with Accept: %s", path, accept).isEqualTo(200);
		}
		assertThat(new String(get("/actuator/prometheus", "Accept", accept.replace("application/json", "text/plain")).body()))
			.contains("jvm_memory_used_bytes");
		assertThat(raw("GET /actuator/prometheus HTTP/1.1\r\nHost: localhost\r\nAccept: \r\nConnection: close\r\n\r\n"))
			.startsWith("HTTP/1.1 200 ").contains("jvm_memory_used_bytes");
	}

	@ParameterizedTest
	@ValueSource(strings = { "application/json;q=0", "*/*;q=0" })
	void actuatorRefusesWhatTheHeaderWeightsZero(String accept) {
		for (String path : new String[] { "/actuator/health/readiness", "/actuator/health/zzz", "/actuator/prometheus" }) {
			assertProblem(get(path, "Accept", accept), 406);
		}
	}

	@Test
	void oneConnectionCarriesAThousandRequests() throws IOException {
		try (Socket socket = new Socket("localhost", this.port)) {
			socket.setSoTimeout(10_000);
			InputStream in = socket.getInputStream();
			for (int i = 0; i < 1000; i++) {
				String request = "GET " + TRAIN + "/images/" + i + ".png HTTP/1.1\r\nHost: localhost\r\n"
						+ ((i == 999) ? "Connection: close\r\n" : "") + "\r\n";
				socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
				String head = ResponseHeads.read(in);

				assertThat(head).as("response %d", i).startsWith("HTTP/1.1 200 ");
				if (i < 999) {
					assertThat(head.toLowerCase(Locale.ROOT)).as("response %d", i).doesNotContain("connection: close");
				}
				int length = (int) ResponseHeads.contentLength(head);
				assertThat(length).as("response %d's Content-Length", i).isPositive();
				assertThat(in.readNBytes(length)).hasSize(length);
			}
		}
	}

	@Test
	void prometheusMetricsIncludeRequestTimings() {
		get(TRAIN + "/images/0.png");
		String metrics = new String(get("/actuator/prometheus").body());

		assertThat(metrics).contains("http_server_requests_seconds_count").contains("jvm_memory_used_bytes");
	}

	@Test
	void theOpenApiDocumentAndMetricsAreGzipCompressedWhenTheClientAcceptsIt() {
		for (String path : List.of("/v3/api-docs", "/actuator/prometheus")) {
			HttpResponse<byte[]> plain = get(path);
			HttpResponse<byte[]> gzipped = get(path, "Accept-Encoding", "gzip");

			assertThat(header(plain, "Content-Encoding")).as(path).isNull();
			assertThat(header(gzipped, "Content-Encoding")).as(path).isEqualTo("gzip");
			assertThat(gzipped.body().length).as(path).isLessThan(plain.body().length / 3);
			assertThat(vary(gzipped)).as(path).containsIgnoringCase("Accept-Encoding");
			if (path.startsWith("/v3")) {
				assertThat(gunzip(gzipped.body())).isEqualTo(plain.body());
			}
			else { // metrics move between two scrapes
				assertThat(new String(gunzip(gzipped.body()))).contains("jvm_memory_used_bytes");
			}
		}
	}

	@Test
	void theOpenApiDocumentHasAWeakTagThatRevalidatesGzippedOrNot() {
		HttpResponse<byte[]> document = get("/v3/api-docs");
		String tag = header(document, "ETag");

		assertThat(tag).startsWith("W/\"");
		for (String encoding : new String[] { "identity", "gzip" }) {
			HttpResponse<byte[]> again = get("/v3/api-docs", "If-None-Match", tag, "Accept-Encoding", encoding);
			assertThat(again.statusCode()).as(encoding).isEqualTo(304);
			assertThat(again.body()).as(encoding).isEmpty();
		}
		assertThat(get("/v3/api-docs", "If-None-Match", "W/\"0other\"").statusCode()).isEqualTo(200);
		assertThat(header(get("/v3/api-docs.yaml"), "ETag")).startsWith("W/\"");
	}

	@Test
	void infoDescribesTheBuild() {
		JsonNode info = this.json.readTree(get("/actuator/info").body());

		assertThat(info.get("build").get("artifact").asString()).isEqualTo("fashion-mnist-server");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/actuator/env", "/actuator/beans", "/actuator/heapdump", "/actuator/configprops",
			"/actuator/threaddump", "/actuator/loggers" })
	void nothingElseIsExposed(String path) {
		assertThat(get(path).statusCode()).isEqualTo(404);
	}

	@Test
	void openApiDescribesEveryEndpointWithItsLimits() {
		JsonNode api = getJson("/v3/api-docs");
		JsonNode paths = api.get("paths");

		assertThat(paths.propertyNames()).contains("/api/v1/datasets", "/api/v1/datasets/{dataset}",
				"/api/v1/datasets/{dataset}/files/{file}", "/api/v1/datasets/{dataset}/splits/{split}/items",
				"/api/v1/datasets/{dataset}/splits/{split}/items/{index}",
				"/api/v1/datasets/{dataset}/splits/{split}/images/{index}.png",
				"/api/v1/datasets/{dataset}/splits/{split}/sprite.png", "/api/v1/datasets/{dataset}/splits/{split}/labels",
				"/api/v1/datasets/{dataset}/splits/{split}/images.npy",
				"/api/v1/datasets/{dataset}/splits/{split}/labels.npy");
		JsonNode size = parameter(paths.get("/api/v1/datasets/{dataset}/splits/{split}/items").get("get"), "size");
		assertThat(size.get("schema").get("minimum").asInt()).isEqualTo(1);
		assertThat(size.get("schema").get("maximum").asInt()).isEqualTo(1000);
		JsonNode scale = parameter(paths.get("/api/v1/datasets/{dataset}/splits/{split}/images/{index}.png").get("get"), "scale");
		assertThat(scale.get("schema").get("maximum").asInt()).isEqualTo(16);
		JsonNode limit = parameter(paths.get("/api/v1/datasets/{dataset}/splits/{split}/sprite.png").get("get"), "limit");
		assertThat(limit.get("schema").get("maximum").asInt()).isEqualTo(2500);
		JsonNode png = paths.get("/api/v1/datasets/{dataset}/splits/{split}/images/{index}.png").get("get").get("responses");
		assertThat(png.get("200").get("content").propertyNames()).contains("image/png");
		assertThat(png.get("400").get("content").propertyNames()).contains("application/problem+json");
		assertThat(png.get("404").get("content").propertyNames()).contains("application/problem+json");
		assertThat(api.get("components").get("schemas").get("Problem")).isNotNull();
	}

	@Test
	void openApiDescribesTheHeadersOfConditionalRequestsPagesBatchesAndDownloads() {
		JsonNode api = getJson("/v3/api-docs");
		JsonNode paths = api.get("paths");
		String dataset = "/api/v1/datasets/{dataset}";

		assertThat(refs(paths.get("/api/v1/datasets").get("get").get("parameters"))).contains("#/components/parameters/If-None-Match");
		for (String path : List.of("", "/splits/{split}/items", "/splits/{split}/items/{index}", "/splits/{split}/images/{index}.png",
				"/splits/{split}/sprite.png", "/splits/{split}/labels", "/splits/{split}/images.npy", "/splits/{split}/labels.npy",
				"/splits/{split}/batches", "/splits/{split}/batches/{batch}", "/files/{file}")) {
			JsonNode get = paths.get(dataset + path).get("get");
			assertThat(refs(get.get("parameters"))).as(path).contains("#/components/parameters/If-None-Match");
			JsonNode responses = get.get("responses");
			assertThat(responses.get("304").has("content")).as("a 304 has no body: %s", path).isFalse();
			for (String status : List.of("200", "304")) {
				assertThat(responses.get(status).get("headers").propertyNames()).as("%s %s", status, path)
					.contains("ETag", "Cache-Control");
			}
		}
		JsonNode items = paths.get(dataset + "/splits/{split}/items").get("get").get("responses");
		assertThat(items.get("200").get("headers").propertyNames()).contains("Link", "X-Total-Count", "Vary", "Content-Encoding");
		assertThat(items.get("304").get("headers").propertyNames()).contains("Link", "X-Total-Count", "Vary");
		JsonNode batch = paths.get(dataset + "/splits/{split}/batches/{batch}").get("get").get("responses");
		assertThat(batch.get("200").get("headers").propertyNames()).contains("X-Batch-Index", "X-Batch-Count", "X-Total-Count",
				"Content-Disposition");
		JsonNode download = paths.get(dataset + "/splits/{split}/images.npy").get("get");
		assertThat(refs(download.get("parameters"))).contains("#/components/parameters/Range", "#/components/parameters/If-Range");
		assertThat(download.get("responses").get("206").get("headers").propertyNames()).contains("Content-Range");
		assertThat(download.get("responses").get("200").get("headers").propertyNames()).contains("Accept-Ranges",
				"Content-Disposition");
		JsonNode components = api.get("components");
		assertThat(components.get("headers").propertyNames()).contains("ETag", "Cache-Control", "Link", "X-Total-Count",
				"X-Batch-Index", "X-Batch-Count", "Content-Range", "Accept-Ranges", "Content-Disposition", "Vary", "Content-Encoding");
		components.get("headers").forEach((header) -> assertThat(header.get("description").asString()).isNotBlank());
	}

	@Test
	void openApiExamplesHaveTheirSchemasTypes() {
		JsonNode api = getJson("/v3/api-docs");

		assertThat(api.get("components").get("schemas").get("Problem").get("example").get("status").asInt()).isEqualTo(400);
		JsonNode label = parameter(api.get("paths").get("/api/v1/datasets/{dataset}/splits/{split}/items").get("get"), "label");
		assertThat(label.get("example").isArray()).isTrue();
		JsonNode version = parameter(api.get("paths").get("/v2/models/{model}/versions/{version}").get("get"), "version");
		assertThat(version.get("example").isString()).isTrue();
	}

	private static List<String> refs(JsonNode parameters) {
		return parameters.valueStream().filter((parameter) -> parameter.has("$ref")).map((ref) -> ref.get("$ref").asString()).toList();
	}

	@Test
	void swaggerUiIsServed() {
		HttpResponse<byte[]> redirect = get("/swagger-ui.html");

		assertThat(redirect.statusCode()).isEqualTo(302);
		assertThat(get("/swagger-ui/index.html").statusCode()).isEqualTo(200);
	}

	private static JsonNode parameter(JsonNode operation, String name) {
		for (JsonNode parameter : operation.get("parameters")) {
			if (parameter.has("name") && parameter.get("name").asString().equals(name)) {
				return parameter;
			}
		}
		throw new AssertionError("no parameter " + name + " in " + operation);
	}

}
