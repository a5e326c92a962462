package org.fashionmnist.server.web.openapi;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.fashionmnist.server.web.HttpTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI description as client generators and linters read it (docs/clients.md): one plain, distinct name per
 * operation, every operation described with its client errors, no Java type where the API has free-form JSON, no
 * schema nobody uses, and the absence of authentication stated. OpenApiClientsIT runs the generators and linters
 * themselves on the packaged jar; this says what they rely on, in a second.
 */
class OpenApiDocumentTest extends HttpTest {

	private static final Pattern REF = Pattern.compile("\"\\$ref\":\"#/components/schemas/([^\"]+)\"");

	private JsonNode api;

	@BeforeEach
	void fetchTheDocument() {
		this.api = getJson("/v3/api-docs");
	}

	@Test
	void everyOperationHasAPlainNameOfItsOwn() {
		Map<String, String> ids = new LinkedHashMap<>();
		operations().forEach((where, operation) -> {
			String id = operation.get("operationId").asString();
			assertThat(id).as(where).matches("[a-z][A-Za-z]+");
			assertThat(ids.put(id, where)).as("%s is also the name of %s", id, where).isNull();
		});
		assertThat(ids).containsEntry("modelMetadata", "GET /v2/models/{model}")
			.containsEntry("modelVersionMetadata", "GET /v2/models/{model}/versions/{version}")
			.containsEntry("modelReady", "GET /v2/models/{model}/ready")
			.containsEntry("modelVersionReady", "GET /v2/models/{model}/versions/{version}/ready")
			.containsEntry("modelInfer", "POST /v2/models/{model}/infer")
			.containsEntry("modelVersionInfer", "POST /v2/models/{model}/versions/{version}/infer")
			.containsEntry("predict", "POST /api/v1/models/{model}/predictions")
			.containsEntry("imagesNpy", "GET /api/v1/datasets/{dataset}/splits/{split}/images.npy")
			.containsEntry("labelsNpy", "GET /api/v1/datasets/{dataset}/splits/{split}/labels.npy")
			.containsEntry("itemSaliency", "GET /api/v1/datasets/{dataset}/splits/{split}/items/{index}/saliency.png")
			.containsEntry("imageSaliency", "POST /api/v1/models/{model}/saliency");
	}

	@Test
	void everyOperationIsDescribedWithItsClientErrors() {
		operations().forEach((where, operation) -> {
			assertThat(operation.path("summary").asString("")).as("summary of %s", where).isNotBlank();
			assertThat(operation.path("description").asString("")).as("description of %s", where).isNotBlank();
			assertThat(operation.get("responses").propertyNames()).as("responses of %s", where).anyMatch((status) -> status.startsWith("4"));
		});
	}

	@Test
	void everyReadingOperationAnswersTheNotAcceptableItDocuments() {
		Map<String, String> values = Map.of("dataset", "fashion-mnist", "split", "test", "index", "0", "batch", "0", "model",
				"baseline", "version", "1", "file", "t10k-labels-idx1-ubyte.gz");
		List<String> checked = new ArrayList<>();
		operations().forEach((where, operation) -> {
			if (where.startsWith("GET ")) {
				assertThat(operation.get("responses").has("406")).as("%s documents a 406", where).isTrue();
				Matcher variable = Pattern.compile("\\{(\\w+)\\}").matcher(where.substring("GET ".length()));
				String path = variable.replaceAll((match) -> values.get(match.group(1)));
				// No operation answers text/csv, the one type this header allows; it weighs every other type 0, as a
				// header that only names other types leaves the batch endpoint free to send its npz (RFC 9110).
				assertThat(get(path, "Accept", "text/csv, */*;q=0").statusCode()).as(where).isEqualTo(406);
				if (operation.get("responses").get("406").get("description").asString().startsWith("The Accept header allows no type")) {
					assertThat(get(path, "Accept", "text/csv").statusCode()).as("%s, as its 406 says", where).isEqualTo(406);
				}
				checked.add(path);
			}
		});
		assertThat(checked).hasSizeGreaterThan(20).contains("/api/v1/datasets", "/v2", "/api/v1/datasets/fashion-mnist/splits/test/images/0.png",
				"/api/v1/datasets/fashion-mnist/splits/test/batches/0", "/api/v1/datasets/fashion-mnist/files/t10k-labels-idx1-ubyte.gz");
	}

	@Test
	void theApiNeedsNoAuthenticationAndSaysSo() {
		assertThat(this.api.has("security")).isTrue();
		assertThat(this.api.get("security").isArray()).isTrue();
		assertThat(this.api.get("security").isEmpty()).isTrue();
		assertThat(this.api.path("components").has("securitySchemes")).isFalse();
	}

	@Test
	void theHeaderNamesAContactAndAServerRelativeToTheDocument() {
		assertThat(this.api.get("info").get("contact").get("name").asString()).isNotBlank();
		assertThat(this.api.get("servers").valueStream().map((server) -> server.get("url").asString())).containsExactly("/");
	}

	@Test
	void everySchemaIsUsedAndNoneIsAJavaType() {
		JsonNode schemas = this.api.get("components").get("schemas");
		Set<String> referenced = new HashSet<>();
		Matcher refs = REF.matcher(this.api.toString());
		while (refs.find()) {
			referenced.add(refs.group(1));
		}

		assertThat(schemas.propertyNames()).doesNotContain("JsonNode", "StreamingResponseBody", "FileParts");
		assertThat(referenced).as("schemas referred to").isSubsetOf(schemas.propertyNames());
		assertThat(schemas.propertyNames()).as("schemas defined").isSubsetOf(referenced);
	}

	@Test
	void aModelsTrainingRecordIsFreeFormJson() {
		JsonNode training = this.api.get("components").get("schemas").get("ModelDetail").get("properties").get("training");

		assertThat(training.has("$ref")).isFalse();
		assertThat(training.has("properties")).as("properties of %s", training).isFalse();
		assertThat(training.get("description").asString()).contains("free-form JSON");
	}

	@Test
	void picturesAsFilePartsComeFirstAmongThePredictionBodiesForGenerators() {
		for (String path : List.of("/api/v1/models/{model}/predictions", "/api/v1/models/{model}/saliency")) {
			JsonNode content = this.api.get("paths").get(path).get("post").get("requestBody").get("content");
			assertThat(content.propertyNames()).as(path)
				.startsWith("multipart/form-data")
				.contains("image/png", "application/json", "application/x-npy", "application/octet-stream");
			JsonNode multipart = content.get("multipart/form-data").get("schema");
			assertThat(multipart.has("$ref")).as("an inline schema: %s", multipart).isFalse();
			assertThat(multipart.get("required").valueStream().map(JsonNode::asString)).containsExactly("file");
			JsonNode part = multipart.get("properties").get("file").get("items");
			assertThat(part.get("type").asString()).isEqualTo("string");
			assertThat(part.get("format").asString()).isEqualTo("binary");
		}
	}

	@Test
	void everyBinaryAnswerHasABinarySchemaSoThatGeneratedClientsReturnTheBytes() {
		operations().forEach((where, operation) -> operation.get("responses").properties().forEach((response) -> {
			if (response.getKey().startsWith("2")) {
				response.getValue().path("content").properties().forEach((media) -> assertThat(media.getValue().has("schema"))
					.as("%s %s %s", where, response.getKey(), media.getKey()).isTrue());
			}
		}));
	}

	@Test
	void aPropertyIsRequiredWhenTheServerAlwaysSendsItOrCannotGoWithoutIt() {
		assertThat(required("Item")).containsExactlyInAnyOrder("index", "label", "className", "imageUrl");
		assertThat(required("ItemPage")).containsExactlyInAnyOrder("items", "page", "size", "totalItems", "totalPages");
		assertThat(required("ModelDetail")).contains("id", "evaluation", "serving", "predictions")
			.doesNotContain("architecture", "trainingTestAccuracy", "training");
		assertThat(required("FileInfo")).containsExactlyInAnyOrder("name", "size", "md5", "sha256");
		assertThat(required("ModelFile")).containsExactlyInAnyOrder("name", "size", "sha256");
		assertThat(required("Problem")).containsExactlyInAnyOrder("type", "title", "status", "detail", "instance");
		assertThat(required("InferenceResponse")).containsExactlyInAnyOrder("model_name", "model_version", "outputs");
		assertThat(required("InferenceResponseOutput")).containsExactlyInAnyOrder("name", "shape", "datatype");
		// Request bodies: what the server refuses to go without.
		assertThat(required("InferenceRequest")).containsExactlyInAnyOrder("inputs");
		assertThat(required("InferenceRequestInput")).containsExactlyInAnyOrder("name", "shape", "datatype");
		assertThat(required("InferenceRequestOutput")).containsExactlyInAnyOrder("name");
	}

	@Test
	void everyOperationThatAnswersContentDocumentsItsNotAcceptable() {
		operations().forEach((where, operation) -> {
			boolean content = operation.get("responses").properties().stream()
				.anyMatch((response) -> response.getKey().startsWith("2") && response.getValue().has("content"));
			if (content) {
				JsonNode notAcceptable = operation.get("responses").get("406");
				assertThat(notAcceptable).as("the 406 of %s", where).isNotNull();
				assertThat(notAcceptable.get("content").propertyNames()).as("the 406 of %s", where).hasSize(1);
			}
		});
	}

	private List<String> required(String schema) {
		return this.api.get("components").get("schemas").get(schema).path("required").valueStream().map(JsonNode::asString).toList();
	}

	/** Every operation of the document, by method and path ({@code "GET /v2"}). */
	private Map<String, JsonNode> operations() {
		Map<String, JsonNode> operations = new LinkedHashMap<>();
		this.api.get("paths").properties().forEach((path) -> path.getValue().properties().forEach((operation) -> {
			if (Set.of("get", "put", "post", "delete", "patch", "head", "options").contains(operation.getKey())) {
				operations.put(operation.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey(), operation.getValue());
			}
		}));
		assertThat(operations).hasSizeGreaterThan(25);
		return operations;
	}

}
