package org.fashionmnist.server.web.kserve;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.annotation.JsonDeserialize;

import org.fashionmnist.server.inference.input.TensorData;


/**
 * The JSON documents of the Open Inference Protocol (KServe V2), with the protocol's own field names: what
 * the OpenAPI description shows, and what requests bind to.
 */
final class InferenceBodies {

	private InferenceBodies() {
	}

	@Schema(name = "InferenceServerMetadata", description = "$metadata_server_response")
	record ServerMetadata(@Schema(example = "fashion-mnist-server") String name,
			@Schema(example = "0.1.0") String version,
			@Schema(description = "The protocol extensions this server supports", example = "[\"binary_tensor_data\"]") List<String> extensions) {
	}

	@Schema(name = "InferenceModelMetadata", description = "$metadata_model_response")
	record ModelMetadata(@Schema(example = "baseline") String name,
			@Schema(description = "The versions that may be named in a path", example = "[\"1\"]") List<String> versions,
			@Schema(example = "onnx_onnxv1") String platform, List<MetadataTensor> inputs, List<MetadataTensor> outputs) {
	}

	@Schema(name = "InferenceMetadataTensor", description = "$metadata_tensor; -1 is a dimension of any size")
	record MetadataTensor(@Schema(example = "input") String name, @Schema(example = "UINT8") String datatype,
			@Schema(example = "[-1, 1, 28, 28]") long[] shape) {
	}

	@Schema(name = "InferenceServerLive")
	record ServerLive(boolean live) {
	}

	@Schema(name = "InferenceServerReady")
	record ServerReady(boolean ready) {
	}

	@Schema(name = "InferenceModelReady", description = "$ready_model_response")
	record ModelReady(@Schema(example = "baseline") String name, boolean ready) {
	}

	@Schema(name = "InferenceResponse", description = "$inference_response")
	record InferenceResponse(@JsonProperty("model_name") @Schema(example = "baseline") String modelName,
			@JsonProperty("model_version") @Schema(example = "1") String modelVersion,
			@Schema(description = "The request's id, when it had one", example = "42") @Nullable String id,
			List<ResponseOutput> outputs) {
	}

	@Schema(name = "InferenceResponseOutput",
			description = "$response_output: `data` in JSON, or `parameters.binary_data_size` bytes after the JSON object")
	record ResponseOutput(@Schema(example = "probabilities") String name, @Schema(example = "[1, 10]") long[] shape,
			@Schema(example = "FP32") String datatype,
			@Schema(example = "{\"binary_data_size\": 40}") @Nullable Map<String, Object> parameters,
			@ArraySchema(arraySchema = @Schema(description = "The probability of each class, image after image (row-major)")) float @Nullable [] data) {
	}

	/** The protocol's error object; its OpenAPI schema is given by {@link InferenceOpenApi}. */
	record InferenceError(String error) {
	}

	/**
	 * An inference request, as the JSON object binds to it ({@link InferenceRequestJson}); absent parameters are
	 * empty.
	 */
	@Schema(name = "InferenceRequest", description = "$inference_request. Fields not listed are ignored.")
	record RequestBody(@Schema(description = "Echoed in the response", example = "42") @Nullable String id,
			@Schema(description = "`binary_data_output: true` returns every output as binary data",
					example = "{\"binary_data_output\": false}", requiredMode = RequiredMode.NOT_REQUIRED) Map<String, Object> parameters,
			@ArraySchema(arraySchema = @Schema(requiredMode = RequiredMode.REQUIRED), minItems = 1, maxItems = 1) @Nullable List<RequestInputBody> inputs,
			@Schema(description = "Optional; the one output is `probabilities`") @Nullable List<RequestOutputBody> outputs) {

		RequestBody {
			parameters = (parameters != null) ? parameters : Map.of();
		}

	}

	/** One input; {@code data} is null when it comes as binary data after the JSON object. */
	@Schema(name = "InferenceRequestInput", description = "$request_input")
	record RequestInputBody(@Schema(example = "input", allowableValues = "input") String name,
			@Schema(description = "[n, 1, 28, 28] or [n, 784], n images", example = "[1, 784]") long[] shape,
			@Schema(allowableValues = { "UINT8", "FP32" }, example = "UINT8") String datatype,
			@Schema(description = "`binary_data_size`: the bytes of this tensor after the JSON object, instead of `data`",
					example = "{\"binary_data_size\": 784}", requiredMode = RequiredMode.NOT_REQUIRED) Map<String, Object> parameters,
			@Schema(description = "Pixel values 0..255 in row-major order, flat or nested as the shape", example = "[0, 0, 12, 255]")
			@JsonDeserialize(using = TensorDataDeserializer.class) @Nullable TensorData data) {

		RequestInputBody {
			parameters = (parameters != null) ? parameters : Map.of();
		}

	}

	@Schema(name = "InferenceRequestOutput", description = "$request_output")
	record RequestOutputBody(@Schema(example = "probabilities", allowableValues = "probabilities") String name,
			@Schema(description = "`binary_data: true` returns this output as binary data",
					example = "{\"binary_data\": true}", requiredMode = RequiredMode.NOT_REQUIRED) Map<String, Object> parameters) {

		RequestOutputBody {
			parameters = (parameters != null) ? parameters : Map.of();
		}

	}

}
