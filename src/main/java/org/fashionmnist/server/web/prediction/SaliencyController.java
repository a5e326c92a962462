package org.fashionmnist.server.web.prediction;

import java.io.IOException;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springdoc.core.annotations.ParameterObject;

import org.fashionmnist.server.dataset.Dataset;
import org.fashionmnist.server.dataset.SplitData;
import org.fashionmnist.server.image.HeatMaps;
import org.fashionmnist.server.image.PngEncoder;
import org.fashionmnist.server.inference.Instances;
import org.fashionmnist.server.inference.Model;
import org.fashionmnist.server.inference.ModelCatalog;
import org.fashionmnist.server.inference.Saliency;
import org.fashionmnist.server.web.http.ApiPaths;
import org.fashionmnist.server.web.http.DatasetLookup;
import org.fashionmnist.server.web.http.ModelLookup;
import org.fashionmnist.server.web.http.Responses;
import org.fashionmnist.server.web.openapi.DatasetParam;
import org.fashionmnist.server.web.openapi.IndexParam;
import org.fashionmnist.server.web.openapi.ModelParam;
import org.fashionmnist.server.web.openapi.SplitParam;
import org.fashionmnist.server.web.problem.Problems;

import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.WebRequest;

/**
 * Why the model said so: occlusion-sensitivity maps ({@link Saliency}) of a stored image or of an uploaded
 * one, as a heat map over the image (PNG) or as numbers (JSON, with {@code Accept: application/json}).
 */
@RestController
@Tag(name = "Inference")
class SaliencyController {

	private static final String METHOD = "Occlusion sensitivity: a black window of " + Saliency.WINDOW + "x" + Saliency.WINDOW
			+ " pixels slides over the 28x28 image in steps of " + Saliency.STRIDE + " pixels; the untouched image and its "
			+ "covered variants go through the model in one batch, and each pixel's value is the mean drop of the "
			+ "probability of `label` over the windows that cover it (positive: the pixel supports the class). As PNG "
			+ "(the default): the image, upscaled by `scale`, in grey under the map, red where the value is positive, blue "
			+ "where negative, as opaque as the value is large. As JSON (`Accept: application/json`): `probability` of "
			+ "`label` for the untouched image and `saliency`, 28 rows of 28 values. Limits and the overload answer (503 "
			+ "with `Retry-After`) are those of predictions.";

	private static final List<MediaType> REPRESENTATIONS = List.of(MediaType.IMAGE_PNG, MediaType.APPLICATION_JSON);

	private final DatasetLookup datasets;

	private final ModelLookup models;

	private final PredictionInputs inputs;

	SaliencyController(DatasetLookup datasets, ModelLookup models, PredictionInputs inputs) {
		this.datasets = datasets;
		this.models = models;
		this.inputs = inputs;
	}

	/** What a saliency request asks for besides its image, declared once for both endpoints. */
	record SaliencyQuery(
			@Parameter(description = "The class to explain, 0..9; default: the model's most likely class for the image",
					schema = @Schema(type = "integer", format = "int32")) @Min(0) @Max(9) Integer label,
			@Parameter(description = "PNG only: upscaling factor, 1..16", schema = @Schema(type = "integer", format = "int32",
					defaultValue = "8")) @Min(1) @Max(16) Integer scale) {

		SaliencyQuery {
			scale = (scale != null) ? scale : 8;
		}

		/** A label the model does not have is a 400, before anything runs. */
		void check(Model model) {
			if (this.label != null && this.label >= model.classNames().size()) {
				throw Problems.invalidParameter("label", "must be less than the model's " + model.classNames().size()
						+ " classes, found " + this.label);
			}
		}

	}

	@GetMapping(path = ApiPaths.SPLIT + "/items/{index}/saliency.png", produces = { MediaType.IMAGE_PNG_VALUE, MediaType.APPLICATION_JSON_VALUE })
	@Operation(operationId = "itemSaliency", summary = "Explain the prediction for a stored image", description = METHOD
			+ " The answer depends only on the model and the image: a strong ETag on the PNG (If-None-Match gets a 304 "
			+ "without running the model).")
	@ApiResponse(responseCode = "200", description = "The saliency map", content = {
			@Content(mediaType = MediaType.IMAGE_PNG_VALUE, schema = @Schema(type = "string", format = "binary")),
			@Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = SaliencyMap.class)) })
	@ApiResponse(responseCode = "400", description = "A parameter is out of range, or the model is unknown or was trained on another dataset")
	@ApiResponse(responseCode = "404", description = "No such dataset or split, or the index is past the end")
	@ApiResponse(responseCode = "503", description = "The model is saturated; retry after the time given",
			headers = @Header(name = "Retry-After", description = "Seconds to wait before retrying", schema = @Schema(type = "integer")))
	ResponseEntity<?> item(@DatasetParam @PathVariable("dataset") String datasetId, @SplitParam @PathVariable("split") String splitName,
			@IndexParam @PathVariable("index") @Min(0) int index,
			@Parameter(description = "Model id", example = ModelCatalog.BASELINE) @RequestParam(defaultValue = ModelCatalog.BASELINE) String model,
			@ParameterObject @Valid SaliencyQuery query, WebRequest request) {
		Dataset dataset = this.datasets.dataset(datasetId);
		SplitData split = this.datasets.split(dataset, splitName);
		DatasetLookup.index(split, index);
		Model classifier = this.models.parameter("model", model, dataset);
		query.check(classifier);
		Instances image = Instances.ofBytes(split.imageBytes(), split.imageOffset(index), 1);
		boolean json = prefersJson(request.getHeader(HttpHeaders.ACCEPT));
		String etag = Responses.etag(dataset, "saliency", json ? "json" : PngEncoder.VERSION, classifier.id(), classifier.version(),
				split.split().id(), index, query.label(), json ? "" : query.scale());
		HttpHeaders vary = new HttpHeaders();
		vary.add(HttpHeaders.VARY, HttpHeaders.ACCEPT);
		if (json) {
			return Responses.json(request, etag, vary, () -> SaliencyMap.of(classifier, Saliency.of(classifier, image, query.label())));
		}
		return Responses.conditional(request, etag, Responses.REVALIDATE, MediaType.IMAGE_PNG, vary,
				() -> HeatMaps.png(image.pixels(), Saliency.of(classifier, image, query.label()).values(), Instances.SIDE, query.scale()));
	}

	@PostMapping(path = ApiPaths.SALIENCY, produces = { MediaType.IMAGE_PNG_VALUE, MediaType.APPLICATION_JSON_VALUE })
	@Operation(operationId = "imageSaliency", summary = "Explain the prediction for an uploaded image", description = METHOD
			+ " The body is exactly one image, in any form the predictions endpoint takes (a picture, a one-part multipart "
			+ "body, JSON with one instance, a .npy array of one image), preprocessed as there; the map is drawn over the "
			+ "28x28 image the model saw.")
	// Its content, one entry per media type, is PredictionBody's (PredictionOpenApi).
	@io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, description = "The image to explain")
	@ApiResponse(responseCode = "200", description = "The saliency map", content = {
			@Content(mediaType = MediaType.IMAGE_PNG_VALUE, schema = @Schema(type = "string", format = "binary")),
			@Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = SaliencyMap.class)) })
	@ApiResponse(responseCode = "400", description = "Not exactly one image, an input the predictions endpoint refuses, or a parameter out of range")
	@ApiResponse(responseCode = "404", description = "No such model")
	@ApiResponse(responseCode = "413", description = "The body or a picture's declared pixels are over the limit")
	@ApiResponse(responseCode = "415", description = "An unsupported Content-Type")
	@ApiResponse(responseCode = "503", description = "The model (or the memory for requests in progress) is saturated; retry after the time given",
			headers = @Header(name = "Retry-After", description = "Seconds to wait before retrying", schema = @Schema(type = "integer")))
	ResponseEntity<?> upload(@ModelParam @PathVariable("model") String modelId, @ParameterObject @Valid SaliencyQuery query,
			@Parameter(description = "For pictures: `auto`, `true` or `false`, as for predictions",
					schema = @Schema(allowableValues = { "auto", "true", "false" }, defaultValue = "auto")) @RequestParam(defaultValue = "auto") String invert,
			HttpServletRequest request) throws IOException, HttpMediaTypeNotSupportedException {
		Model model = this.models.model(modelId);
		query.check(model);
		boolean json = prefersJson(request.getHeader(HttpHeaders.ACCEPT));
		return this.inputs.admitted(request, model, invert, (image) -> {
			Saliency saliency = Saliency.of(model, image, query.label());
			ResponseEntity.BodyBuilder ok = ResponseEntity.ok().header(HttpHeaders.VARY, HttpHeaders.ACCEPT);
			return json ? ok.contentType(MediaType.APPLICATION_JSON).body(SaliencyMap.of(model, saliency))
					: ok.contentType(MediaType.IMAGE_PNG).body(HeatMaps.png(image.pixels(), saliency.values(), Instances.SIDE, query.scale()));
		});
	}

	/**
	 * JSON when the Accept header names {@code application/json} with a higher quality than {@code image/png};
	 * wildcards prefer nothing, so browsers, {@code *}{@code /*} and no Accept at all get the PNG.
	 */
	static boolean prefersJson(String accept) {
		if (accept == null || accept.isBlank()) {
			return false;
		}
		double[] quality = new double[REPRESENTATIONS.size()];
		try {
			for (MediaType type : MediaType.parseMediaTypes(accept)) {
				for (int i = 0; i < quality.length; i++) {
					if (!type.isWildcardType() && !type.isWildcardSubtype() && REPRESENTATIONS.get(i).equalsTypeAndSubtype(type)) {
						quality[i] = Math.max(quality[i], type.getQualityValue());
					}
				}
			}
		}
		catch (InvalidMediaTypeException ex) {
			return false;
		}
		return quality[1] > quality[0];
	}

	@Schema(description = "An occlusion-sensitivity map")
	record SaliencyMap(@Schema(example = "baseline") String model, @Schema(description = "The class explained", example = "9") int label,
			@Schema(description = "The model's probability of that class for the untouched image", example = "0.998") float probability,
			@Schema(description = "28 rows of 28 values: the mean drop of that probability over the windows that cover each pixel")
			float[][] saliency) {

		static SaliencyMap of(Model model, Saliency saliency) {
			return new SaliencyMap(model.id(), saliency.label(), saliency.probability(), saliency.rows());
		}

	}

}
