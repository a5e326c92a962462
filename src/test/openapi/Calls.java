import java.io.File;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.openapitools.client.ApiClient;
import org.openapitools.client.ApiException;
import org.openapitools.client.ApiResponse;
import org.openapitools.client.api.BatchesApi;
import org.openapitools.client.api.DatasetsApi;
import org.openapitools.client.api.ImagesApi;
import org.openapitools.client.api.InferenceApi;
import org.openapitools.client.api.ItemsApi;
import org.openapitools.client.api.OpenInferenceProtocolKServeV2Api;
import org.openapitools.client.model.BatchPlan;
import org.openapitools.client.model.DatasetList;
import org.openapitools.client.model.InferenceError;
import org.openapitools.client.model.InferenceMetadataTensor;
import org.openapitools.client.model.InferenceModelMetadata;
import org.openapitools.client.model.InferenceRequest;
import org.openapitools.client.model.InferenceRequestInput;
import org.openapitools.client.model.InferenceResponse;
import org.openapitools.client.model.InferenceResponseOutput;
import org.openapitools.client.model.InstancesBody;
import org.openapitools.client.model.ItemPage;
import org.openapitools.client.model.Prediction;
import org.openapitools.client.model.PredictionList;

/**
 * Calls the server through the Java client that openapi-generator's {@code java} generator (library {@code native})
 * writes from /v3/api-docs, as a user of that client would, and prints one line per call: the same lines as the
 * TypeScript caller (calls.ts). OpenApiClientsIT compiles it with javac together with the generated code and
 * runs it against a running server. Usage: {@code java Calls http://127.0.0.1:8080}
 */
public final class Calls {

	private static final String DATASET = "fashion-mnist";

	private static final String MODEL = "baseline";

	private Calls() {
	}

	public static void main(String[] args) throws ApiException, IOException {
		ApiClient client = new ApiClient();
		client.updateBaseUri(args[0]);
		DatasetsApi datasets = new DatasetsApi(client);
		ItemsApi items = new ItemsApi(client);
		BatchesApi batches = new BatchesApi(client);
		ImagesApi images = new ImagesApi(client);
		InferenceApi inference = new InferenceApi(client);
		OpenInferenceProtocolKServeV2Api v2 = new OpenInferenceProtocolKServeV2Api(client);

		DatasetList list = datasets.datasets(null);
		print("datasets: " + list.getDatasets()
			.stream()
			.map((dataset) -> dataset.getId() + " (" + String.join(", ", dataset.getSplits()) + ")")
			.collect(Collectors.joining("; ")));

		ItemPage page = items.items(DATASET, "test", null, 6, List.of(3, 7), null, null, null, null);
		print("items: " + page.getTotalItems() + " with label 3 or 7, first " + page.getItems().size() + ": "
				+ page.getItems().stream().map((item) -> item.getIndex() + ":" + item.getLabel()).collect(Collectors.joining(" ")));

		BatchPlan plan = batches.plan(DATASET, "test", 256, true, 7L, 1L, null, null, null, null, null, null, null, null, null,
				null, null);
		print("plan: " + plan.getSize() + " items, " + plan.getNumBatches() + " batches of " + plan.getBatchSize());
		ApiResponse<File> batch = batches.batchWithHttpInfo(DATASET, "test", 0, 256, true, 7L, 1L, null, null, null, null, null,
				null, null, null, null, "npz", null);
		print("batch 0 of " + batch.getHeaders().get("x-batch-count").get(0) + ": "
				+ describeNpz(Files.readAllBytes(batch.getData().toPath())));

		File png = images.image(DATASET, "test", 0, null, null, null);
		print("image: " + describePng(Files.readAllBytes(png.toPath())));

		// The predictions operation's first body is multipart/form-data, the one the generated method sends.
		PredictionList fromPng = inference.predict(MODEL, List.of(png), null, null);
		print("prediction from PNG: " + describe(fromPng.getPredictions().get(0)));
		// Its other bodies: a request interceptor of the generated client replaces the body and its Content-Type.
		List<List<Integer>> pixels = items.item(DATASET, "test", 0, null).getPixels();
		byte[] instances = client.getObjectMapper().writeValueAsBytes(new InstancesBody().instances(List.of(pixels)));
		ApiClient jsonBodies = new ApiClient();
		jsonBodies.updateBaseUri(args[0]);
		jsonBodies.setRequestInterceptor((request) -> request.setHeader("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofByteArray(instances)));
		PredictionList fromJson = new InferenceApi(jsonBodies).predict(MODEL, List.of(), null, null);
		print("prediction from JSON: " + describe(fromJson.getPredictions().get(0)));

		print("v2 metadata: " + describe(v2.modelMetadata(MODEL)));
		print("v2 version 1 metadata: " + describe(v2.modelVersionMetadata(MODEL, "1")));
		try {
			v2.modelVersionMetadata(MODEL, "2");
			print("v2 version 2 metadata: found");
		}
		catch (ApiException ex) {
			InferenceError error = client.getObjectMapper().readValue(ex.getResponseBody(), InferenceError.class);
			print("v2 version 2 metadata: " + ex.getCode() + " " + error.getError());
		}
		List<Object> flat = new ArrayList<>(pixels.stream().flatMap(List::stream).toList());
		InferenceRequest request = new InferenceRequest().id("test-0")
			.addInputsItem(new InferenceRequestInput().name(InferenceRequestInput.NameEnum.INPUT)
				.datatype(InferenceRequestInput.DatatypeEnum.UINT8)
				.shape(List.of(1L, 784L))
				.data(flat));
		print("v2 infer: " + describe(v2.modelInfer(MODEL, request, null)));
		print("v2 version 1 infer: " + describe(v2.modelVersionInfer(MODEL, "1", request, null)));
	}

	private static void print(String line) {
		System.out.println(line);
	}

	private static String describe(Prediction prediction) {
		return prediction.getLabel() + " " + prediction.getClassName();
	}

	private static String describe(InferenceModelMetadata metadata) {
		return metadata.getName() + " versions " + String.join(", ", metadata.getVersions()) + ", input "
				+ metadata.getInputs().stream().map(Calls::describe).collect(Collectors.joining(", ")) + ", output "
				+ metadata.getOutputs().stream().map(Calls::describe).collect(Collectors.joining(", "));
	}

	private static String describe(InferenceMetadataTensor tensor) {
		return tensor.getName() + " " + tensor.getDatatype() + " " + shape(tensor.getShape());
	}

	private static String describe(InferenceResponse response) {
		InferenceResponseOutput output = response.getOutputs().get(0);
		List<? extends Number> probabilities = output.getData();
		int best = 0;
		for (int i = 1; i < probabilities.size(); i++) {
			if (probabilities.get(i).doubleValue() > probabilities.get(best).doubleValue()) {
				best = i;
			}
		}
		return response.getId() + " " + response.getModelName() + " " + output.getName() + " " + output.getDatatype() + " "
				+ shape(output.getShape()) + ", class " + best;
	}

	private static String shape(List<? extends Number> shape) {
		return shape.stream().map(String::valueOf).collect(Collectors.joining(", ", "[", "]"));
	}

	/** Width, height, bit depth and colour type from a PNG's IHDR chunk. */
	private static String describePng(byte[] png) {
		ByteBuffer buffer = ByteBuffer.wrap(png);
		if (buffer.getLong(0) != 0x89504E470D0A1A0AL) {
			throw new IllegalStateException("not a PNG");
		}
		return "PNG " + buffer.getInt(16) + "x" + buffer.getInt(20) + ", bit depth " + png[24] + ", colour type " + png[25];
	}

	/** An .npy file's dtype, its shape as numpy writes it, and its data. */
	private record NpyArray(String descr, String shape, ByteBuffer data) {

		private static final Pattern DESCR = Pattern.compile("'descr': '([^']*)'");

		private static final Pattern SHAPE = Pattern.compile("'shape': \\(([^)]*)\\)");

		/** An .npy file (format 1.0). */
		static NpyArray of(ByteBuffer file) {
			int headerLength = Short.toUnsignedInt(file.order(ByteOrder.LITTLE_ENDIAN).getShort(8));
			byte[] bytes = new byte[headerLength];
			file.get(10, bytes);
			String header = new String(bytes, StandardCharsets.ISO_8859_1);
			Matcher descr = DESCR.matcher(header);
			Matcher shape = SHAPE.matcher(header);
			if (!descr.find() || !shape.find()) {
				throw new IllegalStateException("not an .npy header: " + header);
			}
			return new NpyArray(descr.group(1), shape.group(1),
					file.slice(10 + headerLength, file.limit() - 10 - headerLength).order(ByteOrder.LITTLE_ENDIAN));
		}

	}

	/** The arrays of an npz whose entries are stored (not deflated), as the server writes them: dtype, shape, first items. */
	private static String describeNpz(byte[] zip) {
		ByteBuffer buffer = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
		Map<String, NpyArray> arrays = new LinkedHashMap<>();
		int offset = 0;
		while (offset + 30 <= zip.length && buffer.getInt(offset) == 0x04034b50) {
			if (buffer.getShort(offset + 8) != 0) {
				throw new IllegalStateException("a compressed npz entry");
			}
			int size = buffer.getInt(offset + 18);
			int nameLength = Short.toUnsignedInt(buffer.getShort(offset + 26));
			int extraLength = Short.toUnsignedInt(buffer.getShort(offset + 28));
			String name = new String(zip, offset + 30, nameLength, StandardCharsets.UTF_8);
			int start = offset + 30 + nameLength + extraLength;
			arrays.put(name, NpyArray.of(ByteBuffer.wrap(zip, start, size).slice()));
			offset = start + size;
		}
		String described = arrays.entrySet()
			.stream()
			.map((entry) -> entry.getKey() + " " + entry.getValue().descr() + " (" + entry.getValue().shape() + ")")
			.collect(Collectors.joining(", "));
		ByteBuffer indices = arrays.get("indices.npy").data();
		ByteBuffer labels = arrays.get("labels.npy").data();
		List<String> first = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			first.add(indices.getLong(i * 8) + ":" + Byte.toUnsignedInt(labels.get(i)));
		}
		return described + ", first 4: " + String.join(" ", first);
	}

}
