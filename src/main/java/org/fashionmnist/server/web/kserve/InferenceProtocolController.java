package org.fashionmnist.server.web.kserve;

import java.io.IOException;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.fashionmnist.server.inference.Model;
import org.fashionmnist.server.inference.ModelReadiness;
import org.fashionmnist.server.inference.PredictionAdmission;
import org.fashionmnist.server.inference.PredictionAdmission.Reservation;
import org.fashionmnist.server.inference.PredictionProperties;
import org.fashionmnist.server.web.http.LenientAcceptHeader;
import org.fashionmnist.server.web.http.ModelLookup;
import org.fashionmnist.server.web.http.RequestBodies;
import org.fashionmnist.server.web.kserve.InferenceBodies.InferenceResponse;
import org.fashionmnist.server.web.kserve.InferenceBodies.MetadataTensor;
import org.fashionmnist.server.web.kserve.InferenceBodies.ModelMetadata;
import org.fashionmnist.server.web.kserve.InferenceBodies.ModelReady;
import org.fashionmnist.server.web.kserve.InferenceBodies.RequestBody;
import org.fashionmnist.server.web.kserve.InferenceBodies.ServerLive;
import org.fashionmnist.server.web.kserve.InferenceBodies.ServerMetadata;
import org.fashionmnist.server.web.kserve.InferenceBodies.ServerReady;
import org.fashionmnist.server.web.kserve.InferenceRequests.InferenceRequest;
import org.fashionmnist.server.web.kserve.InferenceRequests.OutputRequest;
import org.fashionmnist.server.web.openapi.ModelParam;
import org.fashionmnist.server.web.openapi.OpenApiConfiguration;
import org.fashionmnist.server.web.problem.Problems;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The Open Inference Protocol (KServe V2 REST) for every configured model, so that standard serving
 * clients (KServe's, Triton's {@code tritonclient}, plain {@code requests}) can use them. Predictions
 * go through the same {@link Model#classify} as the v1 endpoint; errors are the protocol's
 * {@code {"error": "..."}} (see {@link InferenceErrors}). An operation mapped to a path and its versioned twin
 * has an operation id for each ({@link InferenceOpenApi}).
 */
@RestController
@RequestMapping("/v2")
@Tag(name = "Open Inference Protocol (KServe V2)",
		description = "The standard inference protocol of KServe and Triton, with Triton's binary tensor data extension. "
				+ "Every error under /v2 is `{\"error\": \"...\"}`.")
class InferenceProtocolController {

	/** Each model has one version; paths may name it. */
	static final String VERSION = "1";

	/** The protocol's name for an ONNX model run by ONNX Runtime. */
	static final String PLATFORM = "onnx_onnxv1";

	static final String EXTENSION = "binary_tensor_data";

	private final ModelLookup lookup;

	private final ModelReadiness readiness;

	private final InferenceRequests requests;

	private final JsonMapper json;

	private final PredictionAdmission admission;

	private final PredictionProperties limits;

	private final ServerMetadata server;

	InferenceProtocolController(ModelLookup lookup, ModelReadiness readiness, InferenceRequests requests,
			JsonMapper json, PredictionAdmission admission, PredictionProperties limits, ObjectProvider<BuildProperties> build) {
		this.lookup = lookup;
		this.readiness = readiness;
		this.requests = requests;
		this.json = json;
		this.admission = admission;
		this.limits = limits;
		BuildProperties properties = build.getIfAvailable();
		this.server = new ServerMetadata("fashion-mnist-server", (properties != null) ? properties.getVersion() : "unknown",
				List.of(EXTENSION));
	}

	@GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(operationId = "serverMetadata", summary = "Describe the server",
			description = "Its name, version and the protocol extensions it supports.")
	@ApiResponse(responseCode = "200", description = "The server's metadata")
	@ApiResponse(responseCode = "406", description = OpenApiConfiguration.NOT_ACCEPTABLE)
	ServerMetadata server() {
		return this.server;
	}

	@GetMapping(path = "/health/live", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(operationId = "serverLive", summary = "Is the server live?",
			description = "200 while the application works (a Kubernetes liveness probe).")
	@ApiResponse(responseCode = "200", description = "Live")
	@ApiResponse(responseCode = "406", description = OpenApiConfiguration.NOT_ACCEPTABLE)
	@ApiResponse(responseCode = "503", description = "Broken")
	ServerLive live() {
		if (!this.readiness.isLive()) {
			throw Problems.notReady("The server is broken; it should be restarted.");
		}
		return new ServerLive(true);
	}

	@GetMapping(path = "/health/ready", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(operationId = "serverReady", summary = "Is the server ready?",
			description = "200 when the application accepts traffic and every model is ready, else 503 (a Kubernetes "
					+ "readiness probe). Every model has answered a first batch of test images before the server reports "
					+ "ready; its evaluation on the whole test split follows.")
	@ApiResponse(responseCode = "200", description = "Ready")
	@ApiResponse(responseCode = "406", description = OpenApiConfiguration.NOT_ACCEPTABLE)
	@ApiResponse(responseCode = "503", description = "Not ready: starting, shutting down, or a model is not ready")
	ServerReady ready() {
		if (!this.readiness.isReady()) {
			throw Problems.notReady("The server is not ready: it is starting or shutting down, or a model is not ready.");
		}
		return new ServerReady(true);
	}

	@GetMapping(path = { "/models/{model}", "/models/{model}/versions/{version}" }, produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Describe a model's tensors",
			description = "One input, `input`: `UINT8` [-1, 1, 28, 28], pixel values 0..255 as in the v1 endpoint (`FP32` "
					+ "values 0..255 and the shape [-1, 784] are accepted too); the server applies the model's own "
					+ "preprocessing. One output, `probabilities`: `FP32` [-1, 10], the probability of each class by label.")
	@ApiResponse(responseCode = "200", description = "The model's metadata")
	@ApiResponse(responseCode = "404", description = "No such model or version")
	ModelMetadata metadata(@ModelParam @PathVariable("model") String modelId,
			@VersionParam @PathVariable(name = "version", required = false) @Nullable String version) {
		Model model = model(modelId, version);
		return new ModelMetadata(model.id(), List.of(VERSION), PLATFORM,
				List.of(new MetadataTensor(InferenceInputs.INPUT, InferenceInputs.UINT8, model.inputShape())),
				List.of(new MetadataTensor(InferenceRequests.OUTPUT, InferenceInputs.FP32,
						new long[] { -1, model.classNames().size() })));
	}

	@GetMapping(path = { "/models/{model}/ready", "/models/{model}/versions/{version}/ready" },
			produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Is a model ready?", description = "200 when the application accepts traffic and the model is ready, else 503.")
	@ApiResponse(responseCode = "200", description = "Ready")
	@ApiResponse(responseCode = "404", description = "No such model or version")
	@ApiResponse(responseCode = "503", description = "Not ready: starting, shutting down, or the model is not ready")
	ModelReady modelReady(@ModelParam @PathVariable("model") String modelId,
			@VersionParam @PathVariable(name = "version", required = false) @Nullable String version) {
		Model model = model(modelId, version);
		if (!this.readiness.isReady(model)) {
			throw Problems.notReady("Model '" + model.id() + "' is not ready: the server is starting or shutting down, "
					+ "or the model is not ready.");
		}
		return new ModelReady(model.id(), true);
	}

	@PostMapping(path = { "/models/{model}/infer", "/models/{model}/versions/{version}/infer" })
	@Operation(summary = "Classify images",
			description = "An `$inference_request` with one input `input`: `UINT8` or `FP32` pixel values 0..255 of shape "
					+ "[n, 1, 28, 28] or [n, 784], as JSON `data` (flat or nested in row-major order) or as binary data. "
					+ "Answers the output `probabilities`, `FP32` [n, 10]; the request's `id` is echoed.\n\n"
					+ "Binary tensor data (Triton's extension): the body is the JSON object, of `Inference-Header-Content-Length` "
					+ "bytes, followed by the input's little-endian bytes, whose count the input's parameter `binary_data_size` "
					+ "gives (784 per UINT8 image). `\"parameters\": {\"binary_data_output\": true}` or an output's "
					+ "`\"parameters\": {\"binary_data\": true}` returns the output as binary data: then the answer is "
					+ "`application/octet-stream`, the JSON object of `Inference-Header-Content-Length` bytes followed by the "
					+ "output's little-endian FP32 values, whose count in bytes its `parameters.binary_data_size` gives. "
					+ "`Inference-Header-Content-Length: 0` makes the whole body one UINT8 input [n, 1, 28, 28] and every output binary.\n\n"
					+ "Limits: at most ${fmnist.predictions.max-instances:1000} images per request (413 above); request bodies "
					+ "at most ${fmnist.predictions.max-request-size:16MB} (MB as Spring counts them: 16MB is 16 MiB, 16,777,216 bytes; "
					+ "413; a larger declared Content-Length is refused "
					+ "before the body is read). When the model's queue is full, or prediction requests in progress hold all the memory "
					+ "they may (`fmnist.predictions.max-memory`), the answer is 503 with `Retry-After`.")
	@Parameter(name = InferenceRequests.HEADER_LENGTH, in = ParameterIn.HEADER, schema = @Schema(type = "integer", minimum = "0"),
			description = "For binary tensor data: the length in bytes of the JSON object at the start of the body")
	@io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, description = "The inference request",
			content = { @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = RequestBody.class)),
					@Content(mediaType = MediaType.APPLICATION_OCTET_STREAM_VALUE, schema = @Schema(type = "string", format = "binary",
							description = "The JSON inference request followed by binary tensor data")) })
	@ApiResponse(responseCode = "200", description = "The outputs",
			content = { @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = InferenceResponse.class)),
					@Content(mediaType = MediaType.APPLICATION_OCTET_STREAM_VALUE, schema = @Schema(type = "string", format = "binary",
							description = "The JSON inference response followed by binary output data")) },
			headers = @Header(name = InferenceRequests.HEADER_LENGTH, description = "With binary outputs: the length of the "
					+ "JSON object at the start of the body", schema = @Schema(type = "integer")))
	@ApiResponse(responseCode = "400", description = "Not an inference request this model takes: malformed JSON, an unknown "
			+ "input, output or datatype, a wrong shape, an element count or binary size that does not match the shape, values "
			+ "outside 0..255 or NaN, an Inference-Header-Content-Length larger than the body")
	@ApiResponse(responseCode = "404", description = "No such model or version")
	@ApiResponse(responseCode = "413", description = "The body or the number of images is over the limit")
	@ApiResponse(responseCode = "415", description = "A compressed (Content-Encoding) body")
	@ApiResponse(responseCode = "503", description = "The model is saturated; retry after the time given",
			headers = @Header(name = "Retry-After", description = "Seconds to wait before retrying", schema = @Schema(type = "integer")))
	ResponseEntity<?> infer(@ModelParam @PathVariable("model") String modelId,
			@VersionParam @PathVariable(name = "version", required = false) @Nullable String version,
			HttpServletRequest request) throws IOException, HttpMediaTypeNotAcceptableException {
		Model model = model(modelId, version);
		try (Reservation reservation = RequestBodies.beforeReading(request, this.limits.maxRequestSize(),
				() -> this.admission.admit(request.getContentLengthLong(), model.id(), model.settings().retryAfter()))) {
			InferenceRequest inference = this.requests.read(request);
			MediaType answer = inference.outputs().stream().anyMatch(OutputRequest::binary) ? MediaType.APPLICATION_OCTET_STREAM
					: MediaType.APPLICATION_JSON;
			LenientAcceptHeader.requireAcceptable(request.getHeader(HttpHeaders.ACCEPT), answer);
			return InferenceResponses.of(this.json, model, VERSION, inference, model.classify(inference.instances()));
		}
	}

	private Model model(String modelId, @Nullable String version) {
		Model model = this.lookup.model(modelId);
		if (version != null && !VERSION.equals(version)) {
			throw Problems.notFound("Model '" + modelId + "' has no version '" + version + "'; its one version is '"
					+ VERSION + "'.");
		}
		return model;
	}

}
