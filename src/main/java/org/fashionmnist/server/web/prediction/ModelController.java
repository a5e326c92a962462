package org.fashionmnist.server.web.prediction;

import java.io.IOException;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.fashionmnist.server.inference.Model;
import org.fashionmnist.server.inference.ModelCatalog;
import org.fashionmnist.server.web.http.ApiPaths;
import org.fashionmnist.server.web.http.ModelLookup;
import org.fashionmnist.server.web.openapi.ModelParam;
import org.fashionmnist.server.web.openapi.OpenApiConfiguration;
import org.fashionmnist.server.web.prediction.ModelBodies.ModelDetail;
import org.fashionmnist.server.web.prediction.ModelBodies.ModelList;
import org.fashionmnist.server.web.prediction.ModelBodies.ModelSummary;
import org.fashionmnist.server.web.prediction.PredictionBodies.PredictionList;

import org.springframework.http.MediaType;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** The models, their evaluation, and predictions for uploaded images. */
@RestController
@RequestMapping(path = ApiPaths.MODELS, produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Inference", description = "The classifiers, their evaluation on the test split, and predictions")
class ModelController {

	static final int MAX_TOP_K = 10;

	private final ModelCatalog catalog;

	private final ModelLookup lookup;

	private final PredictionInputs inputs;

	ModelController(ModelCatalog catalog, ModelLookup lookup, PredictionInputs inputs) {
		this.catalog = catalog;
		this.lookup = lookup;
		this.inputs = inputs;
	}

	@GetMapping
	@Operation(summary = "List the models", description = "Every loaded model with its test accuracy. The bundled one is `baseline`.")
	@ApiResponse(responseCode = "200", description = "The models")
	@ApiResponse(responseCode = "406", description = OpenApiConfiguration.NOT_ACCEPTABLE)
	ModelList models() {
		String base = ServletUriComponentsBuilder.fromCurrentRequestUri().replaceQuery(null).toUriString();
		return new ModelList(this.catalog.all().stream().map((model) -> ModelSummary.of(model, base + "/" + model.id())).toList());
	}

	@GetMapping("/{model}")
	@Operation(summary = "Describe a model and its evaluation",
			description = "Format, input shape, parameter count, SHA-256 of the model file, the dataset it was trained on, "
					+ "its preprocessing and classes, and `evaluation`: accuracy, per-class precision/recall/F1 and the 10x10 "
					+ "confusion matrix, computed by this server at start-up on the full test split through the same inference path "
					+ "that answers requests (the server reports ready only after that).")
	@ApiResponse(responseCode = "200", description = "The model")
	@ApiResponse(responseCode = "404", description = "No such model")
	ModelDetail model(@ModelParam @PathVariable("model") String modelId) {
		Model model = this.lookup.model(modelId);
		String predictions = ServletUriComponentsBuilder.fromCurrentRequestUri().replaceQuery(null).path("/predictions").toUriString();
		return ModelDetail.of(model, predictions);
	}

	@PostMapping("/{model}/predictions")
	@Operation(summary = "Classify images",
			description = "One prediction per input image, in input order. Accepted bodies:\n\n"
					+ "- a picture (`image/png`, `image/jpeg`, `image/gif` (first frame), `image/bmp`) of any size and colour: "
					+ "converted to 8-bit grayscale (luma; transparency shown over white), padded to a square with its border "
					+ "colour, resized to 28x28 by area averaging, and inverted per `invert`. The format is recognised from the bytes;\n"
					+ "- `multipart/form-data` with one or more parts named `file`, each such a picture;\n"
					+ "- `application/json` `{\"instances\": [...]}`, each instance 28 rows of 28 numbers or 784 numbers, 0..255;\n"
					+ "- a `.npy` file (`application/x-npy` or `application/octet-stream`) of shape (n, 28, 28), (n, 784) or "
					+ "(n, 1, 28, 28), dtype uint8 or float32 with values 0..255. An `application/octet-stream` body that is not "
					+ ".npy (no `\\x93NUMPY` magic) but a picture, as a browser sends a file of unknown type, is taken as a picture.\n\n"
					+ "Limits: at most ${fmnist.predictions.max-instances:1000} images per request (413 above); request bodies "
					+ "at most ${fmnist.predictions.max-request-size:16MB} (MB as Spring counts them: 16MB is 16 MiB, 16,777,216 bytes; "
					+ "413; a larger declared Content-Length is refused "
					+ "before the body is read); a picture may declare at most ${fmnist.predictions.max-image-pixels:40000000} "
					+ "pixels (413, checked from its header before decoding). Requests are batched with concurrent ones into "
					+ "ONNX Runtime calls; when the model's queue is full or a request waits too long, the answer is 503 with "
					+ "`Retry-After`, as it is, before the body is read, when the prediction requests in progress already hold "
					+ "the ${fmnist.predictions.max-memory:64MB} of memory they may use.")
	// Its content, one entry per media type, is PredictionBody's (PredictionOpenApi).
	@io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, description = "The images to classify")
	@ApiResponse(responseCode = "200", description = "The predictions")
	@ApiResponse(responseCode = "400", description = "An empty body, bytes that are not a supported picture, a truncated or damaged picture, "
			+ "JSON or .npy of the wrong shape or dtype, values outside 0..255 or NaN, or a parameter out of range")
	@ApiResponse(responseCode = "404", description = "No such model")
	@ApiResponse(responseCode = "413", description = "The body, the number of images or a picture's declared pixels are over the limit")
	@ApiResponse(responseCode = "415", description = "An unsupported Content-Type")
	@ApiResponse(responseCode = "503", description = "The model (or the memory for requests in progress) is saturated; retry after the time given",
			headers = @Header(name = "Retry-After", description = "Seconds to wait before retrying", schema = @Schema(type = "integer")))
	PredictionList predict(@ModelParam @PathVariable("model") String modelId,
			@Parameter(description = "How many of the most likely classes to list in `top`, 1..10") @RequestParam(defaultValue = "3") @Min(1) @Max(MAX_TOP_K) int topK,
			@Parameter(description = "For pictures: `auto` inverts a dark article on a light background (judged from the "
					+ "picture's border) to the dataset's light on dark; `true` always inverts (255-v), `false` never",
					schema = @Schema(allowableValues = { "auto", "true", "false" }, defaultValue = "auto")) @RequestParam(defaultValue = "auto") String invert,
			HttpServletRequest request) throws IOException, HttpMediaTypeNotSupportedException {
		Model model = this.lookup.model(modelId);
		return this.inputs.admitted(request, model, invert, (instances) -> PredictionList.of(model, model.classify(instances), topK));
	}

}
