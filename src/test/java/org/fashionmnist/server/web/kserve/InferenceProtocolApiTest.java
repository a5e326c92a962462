package org.fashionmnist.server.web.kserve;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.StringJoiner;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import org.fashionmnist.server.web.prediction.PredictionHttpTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The Open Inference Protocol (KServe V2 REST) as a standard client speaks it, requests shaped after the
 * protocol's own examples and Triton's binary tensor data extension, answers checked against the v1
 * endpoint for the same stored test images.
 */
class InferenceProtocolApiTest extends PredictionHttpTest {

	static final String V2 = "/v2/models/baseline";

	static final String INFER = V2 + "/infer";

	static final String HEADER_LENGTH = "Inference-Header-Content-Length";

	@Autowired
	ApplicationContext context;

	@AfterEach
	void serverStaysReady() {
		assertStillReady();
		assertThat(get("/v2/health/ready").statusCode()).isEqualTo(200);
	}

	@Test
	void serverMetadataNamesTheServerAndTheBinaryExtension() {
		JsonNode server = getJson("/v2");

		assertThat(server.get("name").asString()).isEqualTo("fashion-mnist-server");
		assertThat(server.get("version").asString()).isNotBlank();
		assertThat(server.get("extensions").valueStream().map(JsonNode::asString)).containsExactly("binary_tensor_data");
	}

	@ParameterizedTest
	@ValueSource(strings = { V2, V2 + "/versions/1" })
	void modelMetadataDescribesTheOneInputAndTheOneOutput(String path) {
		JsonNode model = getJson(path);

		assertThat(model.get("name").asString()).isEqualTo("baseline");
		assertThat(model.get("versions").valueStream().map(JsonNode::asString)).containsExactly("1");
		assertThat(model.get("platform").asString()).isEqualTo("onnx_onnxv1");
		assertThat(model.get("inputs")).hasSize(1);
		JsonNode input = model.get("inputs").get(0);
		assertThat(input.get("name").asString()).isEqualTo("input");
		assertThat(input.get("datatype").asString()).isEqualTo("UINT8");
		assertThat(ints(input.get("shape"))).containsExactly(-1, 1, 28, 28);
		assertThat(model.get("outputs")).hasSize(1);
		JsonNode output = model.get("outputs").get(0);
		assertThat(output.get("name").asString()).isEqualTo("probabilities");
		assertThat(output.get("datatype").asString()).isEqualTo("FP32");
		assertThat(ints(output.get("shape"))).containsExactly(-1, 10);
	}

	@Test
	void healthEndpointsAnswer200WhenReady() {
		assertThat(getJson("/v2/health/live").get("live").asBoolean()).isTrue();
		assertThat(getJson("/v2/health/ready").get("ready").asBoolean()).isTrue();
		for (String path : new String[] { V2 + "/ready", V2 + "/versions/1/ready" }) {
			JsonNode ready = getJson(path);
			assertThat(ready.get("name").asString()).isEqualTo("baseline");
			assertThat(ready.get("ready").asBoolean()).isTrue();
		}
	}

	@Test
	void readinessFollowsTheApplicationsReadinessState() {
		AvailabilityChangeEvent.publish(this.context, ReadinessState.REFUSING_TRAFFIC);
		try {
			assertError(get("/v2/health/ready"), 503);
			assertError(get(V2 + "/ready"), 503);
			assertThat(get("/v2/health/live").statusCode()).as("still live").isEqualTo(200);
		}
		finally {
			AvailabilityChangeEvent.publish(this.context, ReadinessState.ACCEPTING_TRAFFIC);
		}
		assertThat(get(V2 + "/ready").statusCode()).isEqualTo(200);
	}

	@ParameterizedTest
	@ValueSource(strings = { "/v2/models/nope", "/v2/models/nope/ready", "/v2/models/nope/versions/1",
			"/v2/models/baseline/versions/2", "/v2/models/baseline/versions/2/ready" })
	void unknownModelsAndVersionsAre404(String path) {
		assertThat(assertError(get(path), 404)).containsAnyOf("There is no model 'nope'. Models: baseline.",
				"Model 'baseline' has no version '2'");
	}

	@Test
	void inferenceOnAnUnknownModelOrVersionIs404() {
		String body = request("UINT8", "[1,784]", flat(images(0)), "");
		assertThat(assertError(post("/v2/models/nope/infer", "application/json", body.getBytes()), 404)).contains("nope");
		assertThat(assertError(post(V2 + "/versions/7/infer", "application/json", body.getBytes()), 404)).contains("'7'");
	}

	@Test
	void anAnswerTypeTheAcceptHeaderWeightsZeroIsNotAcceptable() {
		String body = request("UINT8", "[1,784]", flat(images(0)), "");
		for (String accept : new String[] { "application/json;q=0", "*/*;q=0", "application/*;q=0, text/html" }) {
			assertThat(assertError(post(INFER, body.getBytes(), "Content-Type", "application/json", "Accept", accept), 406))
				.as(accept).contains("is served as application/json");
		}
		String binary = "{\"parameters\":{\"binary_data_output\":true}," + body.substring(1);
		assertError(post(INFER, binary.getBytes(), "Content-Type", "application/json", "Accept", "application/octet-stream;q=0"), 406);
		for (String accept : new String[] { "text/html", "*/*;q=0, application/json", "application/json;q=0.5" }) {
			assertJsonAnswer(post(INFER, body.getBytes(), "Content-Type", "application/json", "Accept", accept));
		}
	}

	/** The protocol's example request, with one input and one requested output, and its response. */
	@Test
	void theProtocolsExampleRequestGetsTheProtocolsResponse() {
		int[][] images = images(0);
		String body = """
				{
				  "id" : "42",
				  "inputs" : [
				    {
				      "name" : "input",
				      "shape" : [ 1, 784 ],
				      "datatype" : "UINT8",
				      "data" : %s
				    }
				  ],
				  "outputs" : [
				    {
				      "name" : "probabilities"
				    }
				  ]
				}
				""".formatted(flat(images));

		HttpResponse<byte[]> response = post(INFER, "application/json", body.getBytes());

		JsonNode answer = assertJsonAnswer(response);
		assertThat(answer.propertyNames()).containsExactly("model_name", "model_version", "id", "outputs");
		assertThat(answer.get("model_name").asString()).isEqualTo("baseline");
		assertThat(answer.get("model_version").asString()).isEqualTo("1");
		assertThat(answer.get("id").asString()).isEqualTo("42");
		assertThat(answer.get("outputs")).hasSize(1);
		JsonNode output = answer.get("outputs").get(0);
		assertThat(output.get("name").asString()).isEqualTo("probabilities");
		assertThat(output.get("datatype").asString()).isEqualTo("FP32");
		assertThat(ints(output.get("shape"))).containsExactly(1, 10);
		assertMatchesV1(images, floats(output.get("data")));
	}

	@ParameterizedTest(name = "{0} {1} nested={2}")
	@CsvSource({ "UINT8, 4, false", "UINT8, 4, true", "UINT8, 2, false", "UINT8, 2, true", "FP32, 4, false",
			"FP32, 4, true", "FP32, 2, false", "FP32, 2, true" })
	void jsonTensorsOfEitherDatatypeAndShapeGiveTheV1Probabilities(String datatype, int rank, boolean nested) {
		int[][] images = images(1, 2, 3, 42, 9999);
		String shape = (rank == 4) ? "[5,1,28,28]" : "[5,784]";
		String data = nested ? nested(images, rank, datatype) : flat(images, datatype);

		JsonNode answer = assertJsonAnswer(post(INFER, "application/json", request(datatype, shape, data, "").getBytes()));

		assertThat(answer.has("id")).as("no id asked, none given").isFalse();
		JsonNode output = answer.get("outputs").get(0);
		assertThat(ints(output.get("shape"))).containsExactly(5, 10);
		assertMatchesV1(images, floats(output.get("data")));
	}

	/** {@code curl -d} labels its body {@code application/x-www-form-urlencoded}; the body is JSON all the same. */
	@Test
	void anyContentTypeOfAJsonRequestIsReadAsJson() {
		int[][] images = images(6);

		JsonNode answer = assertJsonAnswer(post(INFER, "application/x-www-form-urlencoded",
				request("UINT8", "[1,784]", flat(images), "").getBytes()));

		assertMatchesV1(images, floats(answer.get("outputs").get(0).get("data")));
	}

	@Test
	void theVersionedPathInfersToo() {
		int[][] images = images(5);

		JsonNode answer = assertJsonAnswer(post(V2 + "/versions/1/infer", "application/json",
				request("UINT8", "[1,1,28,28]", flat(images), "").getBytes()));

		assertMatchesV1(images, floats(answer.get("outputs").get(0).get("data")));
	}

	/** Triton's binary tensor data extension; its Python client sends no Content-Type at all. */
	@ParameterizedTest
	@ValueSource(strings = { "application/octet-stream", "", "application/json" })
	void aBinaryUint8TensorIsReadAfterTheJsonHeader(String contentType) {
		int[][] images = images(7, 8, 9);
		String header = "{\"id\":\"b1\",\"inputs\":[{\"name\":\"input\",\"shape\":[3,1,28,28],\"datatype\":\"UINT8\","
				+ "\"parameters\":{\"binary_data_size\":2352}}]}";
		byte[] body = binaryRequest(header, uint8(images));

		HttpResponse<byte[]> response = contentType.isEmpty() ? post(INFER, body, HEADER_LENGTH, headerLength(header))
				: post(INFER, body, "Content-Type", contentType, HEADER_LENGTH, headerLength(header));

		JsonNode answer = assertJsonAnswer(response);
		assertThat(answer.get("id").asString()).isEqualTo("b1");
		assertMatchesV1(images, floats(answer.get("outputs").get(0).get("data")));
	}

	@Test
	void aBinaryFp32TensorIsLittleEndian() {
		int[][] images = images(10, 11);
		ByteBuffer data = ByteBuffer.allocate(2 * 784 * 4).order(ByteOrder.LITTLE_ENDIAN);
		Arrays.stream(images).flatMapToInt(Arrays::stream).forEach((value) -> data.putFloat(value));
		String header = "{\"inputs\":[{\"name\":\"input\",\"shape\":[2,784],\"datatype\":\"FP32\","
				+ "\"parameters\":{\"binary_data_size\":6272}}]}";

		JsonNode answer = assertJsonAnswer(post(INFER, binaryRequest(header, data.array()), "Content-Type",
				"application/octet-stream", HEADER_LENGTH, headerLength(header)));

		assertMatchesV1(images, floats(answer.get("outputs").get(0).get("data")));
	}

	@ParameterizedTest
	@ValueSource(strings = { "\"parameters\":{\"binary_data_output\":true},",
			"\"outputs\":[{\"name\":\"probabilities\",\"parameters\":{\"binary_data\":true}}],",
			"\"parameters\":{\"binary_data_output\":false},\"outputs\":[{\"name\":\"probabilities\",\"parameters\":{\"binary_data\":true}}]," })
	void outputsAskedForAsBinaryDataFollowTheJsonHeader(String request) {
		int[][] images = images(12, 13, 14, 15);
		String body = "{\"id\":\"x\"," + request + "\"inputs\":[{\"name\":\"input\",\"shape\":[4,784],\"datatype\":\"UINT8\","
				+ "\"data\":" + flat(images) + "}]}";

		HttpResponse<byte[]> response = post(INFER, "application/json", body.getBytes());

		assertMatchesV1(images, binaryOutput(response, "x"));
	}

	@Test
	void anOutputsBinaryDataFalseOverridesBinaryDataOutput() {
		int[][] images = images(16);
		String body = "{\"parameters\":{\"binary_data_output\":true},\"outputs\":[{\"name\":\"probabilities\","
				+ "\"parameters\":{\"binary_data\":false}}],\"inputs\":[{\"name\":\"input\",\"shape\":[1,784],"
				+ "\"datatype\":\"UINT8\",\"data\":" + flat(images) + "}]}";

		JsonNode answer = assertJsonAnswer(post(INFER, "application/json", body.getBytes()));

		assertMatchesV1(images, floats(answer.get("outputs").get(0).get("data")));
	}

	@Test
	void binaryInAndBinaryOutAsTritonsClientSendsThem() {
		int[][] images = images(20, 21, 22, 23, 24, 25);
		String header = "{\"inputs\":[{\"name\":\"input\",\"shape\":[6,1,28,28],\"datatype\":\"UINT8\","
				+ "\"parameters\":{\"binary_data_size\":4704}}],\"parameters\":{\"binary_data_output\":true}}";

		HttpResponse<byte[]> response = post(INFER, binaryRequest(header, uint8(images)), HEADER_LENGTH, headerLength(header));

		assertMatchesV1(images, binaryOutput(response, null));
	}

	/** Triton's raw binary request: no JSON at all, the body is the one input as the metadata describes it. */
	@Test
	void aRawBinaryRequestIsTheOneUint8Input() {
		int[][] images = images(30, 31);

		HttpResponse<byte[]> response = post(INFER, uint8(images), "Content-Type", "application/octet-stream", HEADER_LENGTH, "0");

		assertMatchesV1(images, binaryOutput(response, null));
	}

	@Test
	void theBatchLimitOfV1HoldsToo() {
		int[][] images = new int[1000][];
		Arrays.fill(images, images(0)[0]);
		String header = "{\"inputs\":[{\"name\":\"input\",\"shape\":[1000,784],\"datatype\":\"UINT8\","
				+ "\"parameters\":{\"binary_data_size\":784000}}]}";

		JsonNode answer = assertJsonAnswer(post(INFER, binaryRequest(header, uint8(images)), HEADER_LENGTH, headerLength(header)));

		assertThat(ints(answer.get("outputs").get(0).get("shape"))).containsExactly(1000, 10);
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
			wrong datatype           | {"inputs":[{"name":"input","shape":[1,784],"datatype":"INT64","data":[0]}]}                                  | takes datatype UINT8 or FP32
			unknown datatype         | {"inputs":[{"name":"input","shape":[1,784],"datatype":"FLOAT","data":[0]}]}                                  | 'FLOAT' is not a datatype of the protocol
			shape of 28x28 images    | {"inputs":[{"name":"input","shape":[1,28,28],"datatype":"UINT8","data":[0]}]}                                | has shape [1, 28, 28]; it takes [n, 1, 28, 28] or [n, 784]
			empty batch              | {"inputs":[{"name":"input","shape":[0,784],"datatype":"UINT8","data":[]}]}                                    | There is nothing to classify
			element count mismatch   | {"inputs":[{"name":"input","shape":[2,784],"datatype":"UINT8","data":[1,2,3]}]}                              | which holds 1568 elements, but its data holds 3
			negative dimension       | {"inputs":[{"name":"input","shape":[-1,784],"datatype":"UINT8","data":[1]}]}                                 | must be a list of integers from 0 up, found -1
			unknown input            | {"inputs":[{"name":"images","shape":[1,784],"datatype":"UINT8","data":[0]}]}                                 | the model has no input 'images'; its one input is 'input'
			two inputs               | {"inputs":[{"name":"input","shape":[1,784],"datatype":"UINT8","data":[0]},{"name":"input","shape":[1,784],"datatype":"UINT8","data":[0]}]} | the model takes one input, 'input'; found 2
			no inputs                | {"inputs":[]}                                                                                                | found 0
			no inputs field          | {"id":"1"}                                                                                                   | expected the field "inputs"
			missing shape            | {"inputs":[{"name":"input","datatype":"UINT8","data":[0]}]}                                                  | "inputs[0].shape" is required
			missing data             | {"inputs":[{"name":"input","shape":[1,784],"datatype":"UINT8"}]}                                             | has neither "data" nor the parameter binary_data_size
			string data              | {"inputs":[{"name":"input","shape":[1,784],"datatype":"UINT8","data":["0"]}]}                                | holds a string at element 0
			ragged data              | {"inputs":[{"name":"input","shape":[2,2],"datatype":"UINT8","data":[[1,2],[3]]}]}                            | is ragged
			numeric id               | {"id":42,"inputs":[{"name":"input","shape":[1,784],"datatype":"UINT8","data":[0]}]}                          | "id" must be a string, found a number
			unknown output           | {"inputs":[{"name":"input","shape":[1,784],"datatype":"UINT8","data":[0]}],"outputs":[{"name":"logits"}]}    | the model has no output 'logits'; its one output is 'probabilities'
			binary flag not boolean  | {"parameters":{"binary_data_output":"yes"},"inputs":[{"name":"input","shape":[1,784],"datatype":"UINT8","data":[0]}]} | "parameters.binary_data_output" must be true or false
			binary without header    | {"inputs":[{"name":"input","shape":[1,784],"datatype":"UINT8","parameters":{"binary_data_size":784}}]}       | has no Inference-Header-Content-Length header
			batch over the limit     | {"inputs":[{"name":"input","shape":[1001,784],"datatype":"UINT8","data":[]}]}                                | 1001 images, more than the 1000
			malformed JSON           | {"inputs":[{"name":"input",                                                                                  | not valid JSON
			not an object            | [1,2,3]                                                                                                      | expected a JSON object
			""")
	void badJsonRequestsAre4xxWithTheProtocolsErrorObject(String what, String body, String expected) {
		HttpResponse<byte[]> response = post(INFER, "application/json", body.getBytes(StandardCharsets.UTF_8));

		int status = what.startsWith("batch over") ? 413 : 400;
		assertThat(assertError(response, status)).contains(expected);
	}

	@ParameterizedTest(name = "{0} {1}")
	@CsvSource({ "UINT8, 256, is 256.0", "UINT8, -1, is -1.0", "UINT8, 1.5, is 1.5", "FP32, 255.5, has 255.5",
			"FP32, -0.5, has -0.5", "FP32, NaN, has NaN", "FP32, Infinity, has infinity", "FP32, 1e40, has infinity" })
	void valuesOutside0To255AreRefused(String datatype, String value, String shown) {
		String data = flat(images(0)).replaceFirst("\\[\\d+", "[" + value);

		String error = assertError(post(INFER, "application/json", request(datatype, "[1,784]", data, "").getBytes()), 400);

		assertThat(error).contains(shown);
	}

	@Test
	void aBinaryFp32NaNIsRefused() {
		ByteBuffer data = ByteBuffer.allocate(784 * 4).order(ByteOrder.LITTLE_ENDIAN).putFloat(100 * 4, Float.NaN);
		String header = "{\"inputs\":[{\"name\":\"input\",\"shape\":[1,784],\"datatype\":\"FP32\",\"parameters\":{\"binary_data_size\":3136}}]}";

		assertThat(assertError(post(INFER, binaryRequest(header, data.array()), HEADER_LENGTH, headerLength(header)), 400))
			.contains("has NaN at row 3, column 16");
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
			size not as the shape    | 700 | 784 | binary_data_size of input 'input' is 700 bytes, but shape [1, 784] of UINT8 takes 784
			fewer bytes than stated  | 784 | 700 | binary_data_size of input 'input' is 784 bytes, but 700 bytes follow the JSON object
			more bytes than stated   | 784 | 900 | binary_data_size of input 'input' is 784 bytes, but 900 bytes follow the JSON object
			""")
	void binarySizesMustMatch(String what, int declared, int sent, String expected) {
		String header = "{\"inputs\":[{\"name\":\"input\",\"shape\":[1,784],\"datatype\":\"UINT8\",\"parameters\":{\"binary_data_size\":"
				+ declared + "}}]}";

		HttpResponse<byte[]> response = post(INFER, binaryRequest(header, new byte[sent]), HEADER_LENGTH, headerLength(header));

		assertThat(assertError(response, 400)).contains(expected);
	}

	@Test
	void bytesAfterAJsonTensorAreRefused() {
		String header = request("UINT8", "[1,784]", flat(images(0)), "");

		HttpResponse<byte[]> response = post(INFER, binaryRequest(header, new byte[10]), HEADER_LENGTH, headerLength(header));

		assertThat(assertError(response, 400)).contains("10 bytes follow the JSON object, but no input has the parameter binary_data_size");
	}

	@ParameterizedTest
	@ValueSource(strings = { "100000", "-5", "ten" })
	void anInferenceHeaderLengthMustFitTheBody(String length) {
		HttpResponse<byte[]> response = post(INFER, "{\"inputs\":[]}".getBytes(), HEADER_LENGTH, length);

		assertThat(assertError(response, 400)).contains("Inference-Header-Content-Length");
	}

	@Test
	void aRawBinaryRequestMustHoldWholeImages() {
		assertThat(assertError(post(INFER, new byte[785], HEADER_LENGTH, "0"), 400)).contains("found 785 bytes");
	}

	@Test
	void binaryImagesOverTheLimitAre413() {
		assertThat(assertError(post(INFER, new byte[1001 * 784], HEADER_LENGTH, "0"), 413)).contains("1001 images");
	}

	@Test
	void aBodyOverTheLimitIsRefusedBeforeItIsRead() throws IOException {
		String response = rawPost(INFER, "application/octet-stream", 100_000_000L);

		assertThat(response).startsWith("HTTP/1.1 413").contains("application/json").contains("{\"error\":")
			.contains("16777216 bytes");
	}

	@Test
	void aCompressedBodyIs415() {
		HttpResponse<byte[]> response = post(INFER, new byte[] { 31, -117 }, "Content-Encoding", "gzip");

		assertThat(assertError(response, 415)).contains("Content-Encoding 'gzip' is not supported");
	}

	@Test
	void frameworkErrorsUnderV2AreErrorObjectsToo() {
		assertThat(get(INFER).statusCode()).isEqualTo(405);
		assertError(get(INFER), 405);
		assertError(get("/v2/nothing/here"), 404);
	}

	@Test
	void openApiDescribesTheProtocolWithItsErrorObject() {
		JsonNode paths = getJson("/v3/api-docs").get("paths");

		assertThat(paths.propertyNames()).contains("/v2", "/v2/health/live", "/v2/health/ready", "/v2/models/{model}",
				"/v2/models/{model}/ready", "/v2/models/{model}/infer", "/v2/models/{model}/versions/{version}",
				"/v2/models/{model}/versions/{version}/ready", "/v2/models/{model}/versions/{version}/infer");
		JsonNode infer = paths.get("/v2/models/{model}/infer").get("post");
		assertThat(infer.get("requestBody").get("content").propertyNames()).contains("application/json", "application/octet-stream");
		for (String status : new String[] { "400", "404", "413", "503" }) {
			JsonNode content = infer.get("responses").get(status).get("content");
			assertThat(content.propertyNames()).as("media types of %s", status).containsExactly("application/json");
			assertThat(content.get("application/json").get("schema").get("$ref").asString())
				.isEqualTo("#/components/schemas/InferenceError");
		}
		assertThat(infer.get("description").asString()).contains("at most 1000 images");
		assertThat(infer.get("parameters").valueStream().map((parameter) -> parameter.get("name").asString()))
			.containsExactlyInAnyOrder("model", "Inference-Header-Content-Length");
		assertThat(paths.get("/v2/models/{model}/versions/{version}/infer").get("post").get("parameters").valueStream()
			.map((parameter) -> parameter.get("name").asString())).contains("model", "version");
		JsonNode v1 = paths.get("/api/v1/models/{model}/predictions").get("post").get("responses").get("400").get("content");
		assertThat(v1.propertyNames()).containsExactly("application/problem+json");
	}

	// ------------------------------------------------------------------ helpers

	/** Asserts an error of the protocol, {@code {"error": "..."}} as JSON, and returns its message. */
	private String assertError(HttpResponse<byte[]> response, int status) {
		String body = new String(response.body(), StandardCharsets.UTF_8);
		assertThat(response.statusCode()).as("status; body: %s", body).isEqualTo(status);
		assertThat(header(response, "Content-Type")).isEqualTo("application/json");
		JsonNode error = this.json.readTree(response.body());
		assertThat(error.propertyNames()).containsExactly("error");
		assertThat(error.get("error").asString()).isNotBlank();
		assertThat(body).doesNotContain("Exception").doesNotContain("at org.");
		return error.get("error").asString();
	}

	private JsonNode assertJsonAnswer(HttpResponse<byte[]> response) {
		assertThat(response.statusCode()).as("status; body: %s", new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(200);
		assertThat(header(response, "Content-Type")).isEqualTo("application/json");
		assertThat(header(response, HEADER_LENGTH)).isNull();
		return this.json.readTree(response.body());
	}

	/** The probabilities of a binary answer: its JSON header, then little-endian FP32 values. */
	private float[] binaryOutput(HttpResponse<byte[]> response, String id) {
		assertThat(response.statusCode()).as("status; body: %s", new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(200);
		assertThat(header(response, "Content-Type")).isEqualTo("application/octet-stream");
		int headerLength = Integer.parseInt(header(response, HEADER_LENGTH));
		JsonNode answer = this.json.readTree(Arrays.copyOf(response.body(), headerLength));
		assertThat(answer.get("model_name").asString()).isEqualTo("baseline");
		assertThat(answer.has("id")).isEqualTo(id != null);
		if (id != null) {
			assertThat(answer.get("id").asString()).isEqualTo(id);
		}
		JsonNode output = answer.get("outputs").get(0);
		assertThat(output.has("data")).isFalse();
		assertThat(output.get("datatype").asString()).isEqualTo("FP32");
		int size = output.get("parameters").get("binary_data_size").asInt();
		assertThat(response.body().length).isEqualTo(headerLength + size);
		assertThat(size).isEqualTo(output.get("shape").get(0).asInt() * 10 * 4);
		float[] values = new float[size / 4];
		ByteBuffer.wrap(response.body(), headerLength, size).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
		return values;
	}

	/** The stored test images, as the server's own item endpoint gives their pixels. */
	private int[][] images(int... indices) {
		int[][] images = new int[indices.length][];
		for (int i = 0; i < indices.length; i++) {
			JsonNode rows = getJson(TEST + "/items/" + indices[i]).get("pixels");
			images[i] = rows.valueStream().flatMapToInt((row) -> Arrays.stream(ints(row))).toArray();
		}
		return images;
	}

	/** The same images through the v1 endpoint: equal probabilities, and the same most likely class. */
	private void assertMatchesV1(int[][] images, float[] probabilities) {
		StringJoiner instances = new StringJoiner(",", "{\"instances\":[", "]}");
		Arrays.stream(images).forEach((image) -> instances.add(flat(new int[][] { image })));
		JsonNode predictions = predictJson(instances.toString());
		assertThat(probabilities).hasSize(images.length * 10);
		for (int i = 0; i < images.length; i++) {
			JsonNode expected = predictions.get(i);
			float[] row = Arrays.copyOfRange(probabilities, i * 10, i * 10 + 10);
			for (int label = 0; label < 10; label++) {
				assertThat((double) row[label]).as("image %d, class %d", i, label)
					.isCloseTo(expected.get("probabilities").get(label).asDouble(), within(1e-6));
			}
			assertThat(argmax(row)).as("label of image %d", i).isEqualTo(expected.get("label").asInt());
		}
	}

	private JsonNode predictJson(String body) {
		return predict("", "application/json", body.getBytes(StandardCharsets.UTF_8));
	}

	private static int argmax(float[] values) {
		int best = 0;
		for (int i = 1; i < values.length; i++) {
			if (values[i] > values[best]) {
				best = i;
			}
		}
		return best;
	}

	private static String request(String datatype, String shape, String data, String extra) {
		return "{" + extra + "\"inputs\":[{\"name\":\"input\",\"shape\":" + shape + ",\"datatype\":\"" + datatype
				+ "\",\"data\":" + data + "}]}";
	}

	private static byte[] binaryRequest(String header, byte[] data) {
		byte[] json = header.getBytes(StandardCharsets.UTF_8);
		byte[] body = Arrays.copyOf(json, json.length + data.length);
		System.arraycopy(data, 0, body, json.length, data.length);
		return body;
	}

	private static String headerLength(String header) {
		return Integer.toString(header.getBytes(StandardCharsets.UTF_8).length);
	}

	private static byte[] uint8(int[][] images) {
		byte[] bytes = new byte[images.length * 784];
		for (int i = 0; i < images.length; i++) {
			for (int p = 0; p < 784; p++) {
				bytes[i * 784 + p] = (byte) images[i][p];
			}
		}
		return bytes;
	}

	private static float[] floats(JsonNode array) {
		float[] values = new float[array.size()];
		for (int i = 0; i < values.length; i++) {
			values[i] = (float) array.get(i).asDouble();
		}
		return values;
	}

	private static String flat(int[][] images) {
		return flat(images, "UINT8");
	}

	private static String flat(int[][] images, String datatype) {
		StringJoiner values = new StringJoiner(",", "[", "]");
		Arrays.stream(images).flatMapToInt(Arrays::stream).forEach((value) -> values.add(number(value, datatype)));
		return values.toString();
	}

	/** Nested as the shape: [n][1][28][28] for rank 4, [n][784] for rank 2. */
	private static String nested(int[][] images, int rank, String datatype) {
		StringJoiner batch = new StringJoiner(",", "[", "]");
		for (int[] image : images) {
			if (rank == 2) {
				batch.add(flat(new int[][] { image }, datatype));
				continue;
			}
			StringJoiner rows = new StringJoiner(",", "[[", "]]");
			for (int y = 0; y < 28; y++) {
				rows.add(flat(new int[][] { Arrays.copyOfRange(image, y * 28, y * 28 + 28) }, datatype));
			}
			batch.add(rows.toString());
		}
		return batch.toString();
	}

	private static String number(int value, String datatype) {
		return datatype.equals("FP32") ? value + ".0" : Integer.toString(value);
	}

}
