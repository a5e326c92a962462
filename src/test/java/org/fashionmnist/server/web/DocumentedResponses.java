package org.fashionmnist.server.web;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.OpenApi31;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the OpenAPI description says a response looks like, checked on every JSON response the HTTP tests receive
 * ({@link HttpTest#send}, and tests with an application context of their own): the operation that the method and
 * path name must document the response's status and content type, and the body must match that content's schema,
 * with every {@code required} property present and no property the schema does not name. So the description that
 * client generators read (docs/clients.md) is held to what the server sends, on every path the tests take, errors
 * included.
 */
public final class DocumentedResponses {

	private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(OpenApi31.getInstance());

	private static final Map<Integer, DocumentedResponses> BY_PORT = new ConcurrentHashMap<>();

	private final JsonMapper json;

	private final List<Operations> paths = new ArrayList<>();

	/** The description's schemas, each object schema closed to properties it does not name. */
	private final JsonNode components;

	/** Each response schema met so far, compiled once: thousands of responses share a few dozen schemas. */
	private final Map<JsonNode, Schema> compiled = new ConcurrentHashMap<>();

	DocumentedResponses(JsonNode document, JsonMapper json) {
		this.json = json;
		document.get("paths").properties().forEach((entry) -> this.paths.add(new Operations(entry.getKey(), entry.getValue())));
		// The most specific first: a literal segment wins over a template variable.
		this.paths.sort(Comparator.comparingInt(Operations::variables));
		this.components = document.get("components").deepCopy();
		close(this.components.path("schemas"));
	}

	/** The description the server on {@code port} serves, read once per server. */
	public static DocumentedResponses of(int port, JsonMapper json) {
		return BY_PORT.computeIfAbsent(port, (key) -> new DocumentedResponses(json.readTree(description(port)), json));
	}

	private static byte[] description(int port) {
		HttpResponse<byte[]> response = HttpTest.exchange(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v3/api-docs")).build());
		assertThat(response.statusCode()).as("GET /v3/api-docs").isEqualTo(200);
		return response.body();
	}

	/** Fails unless {@code response}, when it has a JSON body, is what the description documents. */
	public void check(HttpResponse<byte[]> response) {
		String contentType = response.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
		String mediaType = contentType.replaceFirst(";.*", "").strip();
		boolean jsonBody = mediaType.equals("application/json") || mediaType.endsWith("+json");
		String method = response.request().method();
		if (!jsonBody || method.equals("HEAD") || response.body().length == 0) {
			return;
		}
		URI uri = response.request().uri();
		String where = method + " " + uri.getRawPath() + " -> " + response.statusCode() + " " + mediaType;
		JsonNode operation = this.paths.stream()
			.filter((path) -> path.matches(uri.getRawPath()))
			.map((path) -> path.operations.get(method.toLowerCase(Locale.ROOT)))
			.filter((found) -> found != null)
			.findFirst()
			.orElse(null);
		if (operation == null) {
			// Not an operation of the API (the actuator, the description itself, a path nobody serves).
			return;
		}
		JsonNode responses = operation.get("responses");
		JsonNode documented = responses.has(Integer.toString(response.statusCode()))
				? responses.get(Integer.toString(response.statusCode())) : responses.get("default");
		assertThat(documented).as("the description of %s documents its status", where).isNotNull();
		JsonNode content = documented.path("content").get(mediaType);
		assertThat(content).as("the description of %s documents its content type, in %s", where, documented.path("content").propertyNames())
			.isNotNull();
		JsonNode schema = content.get("schema");
		if (schema == null) {
			return;
		}
		boolean gzip = response.headers().firstValue("Content-Encoding").filter("gzip"::equalsIgnoreCase).isPresent();
		byte[] body = gzip ? HttpTest.gunzip(response.body()) : response.body();
		List<Error> errors = this.compiled.computeIfAbsent(schema, this::compile).validate(this.json.readTree(body));
		assertThat(errors).as("%s: the body %s against its documented schema %s", where,
				abbreviated(new String(body, StandardCharsets.UTF_8)), schema).isEmpty();
	}

	/** {@code schema} as a validator, its references resolved against the description's components. */
	private Schema compile(JsonNode schema) {
		ObjectNode root = (ObjectNode) schema.deepCopy();
		root.set("components", this.components);
		return SCHEMAS.getSchema(root);
	}

	private static String abbreviated(String body) {
		return (body.length() > 600) ? body.substring(0, 600) + "..." : body;
	}

	/** Every object schema that names its properties and says nothing of others admits no others. */
	private static void close(JsonNode node) {
		if (node instanceof ObjectNode object) {
			if (object.has("properties") && !object.has("additionalProperties")) {
				object.put("additionalProperties", false);
			}
			object.values().forEach(DocumentedResponses::close);
		}
		else if (node.isArray()) {
			node.values().forEach(DocumentedResponses::close);
		}
	}

	/** The operations of one path of the description, and the path's template as a pattern. */
	private static final class Operations {

		private final Pattern pattern;

		private final int variables;

		private final JsonNode operations;

		Operations(String template, JsonNode operations) {
			StringBuilder regex = new StringBuilder();
			int variables = 0;
			for (String part : template.split("(?=\\{)|(?<=\\})")) {
				if (part.startsWith("{") && part.endsWith("}")) {
					regex.append("[^/]+");
					variables++;
				}
				else {
					regex.append(Pattern.quote(part));
				}
			}
			this.pattern = Pattern.compile(regex.toString());
			this.variables = variables;
			this.operations = operations;
		}

		boolean matches(String path) {
			return this.pattern.matcher(path).matches();
		}

		int variables() {
			return this.variables;
		}

	}

}
