package org.fashionmnist.server.web.prediction;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.fashionmnist.server.dataset.Dataset;
import org.fashionmnist.server.dataset.SplitData;
import org.fashionmnist.server.inference.Classification;
import org.fashionmnist.server.inference.Instances;
import org.fashionmnist.server.inference.Model;
import org.fashionmnist.server.inference.ModelCatalog;
import org.fashionmnist.server.web.http.ApiPaths;
import org.fashionmnist.server.web.http.DatasetLookup;
import org.fashionmnist.server.web.http.ModelLookup;
import org.fashionmnist.server.web.http.Responses;
import org.fashionmnist.server.web.openapi.DatasetParam;
import org.fashionmnist.server.web.openapi.IndexParam;
import org.fashionmnist.server.web.openapi.SplitParam;
import org.fashionmnist.server.web.prediction.PredictionBodies.ItemPrediction;
import org.fashionmnist.server.web.prediction.PredictionBodies.Prediction;
import org.fashionmnist.server.web.problem.Problems;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.WebRequest;

/** The prediction of a model for one stored image, next to the image's true label. */
@RestController
@Tag(name = "Inference")
class ItemPredictionController {

	private final DatasetLookup datasets;

	private final ModelLookup models;

	ItemPredictionController(DatasetLookup datasets, ModelLookup models) {
		this.datasets = datasets;
		this.models = models;
	}

	@GetMapping(path = ApiPaths.SPLIT + "/items/{index}/prediction", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Predict the class of a stored image",
			description = "The model's prediction for the stored image, its true `label` and whether the prediction is `correct`. "
					+ "The stored pixels go through the same path as uploaded ones. The answer depends only on the model and the "
					+ "image: it has a strong ETag (If-None-Match gets a 304 without running the model).")
	@ApiResponse(responseCode = "200", description = "The prediction")
	@ApiResponse(responseCode = "400", description = "A parameter is out of range, or the model was trained on another dataset")
	@ApiResponse(responseCode = "404", description = "No such dataset, split or model, or the index is past the end")
	@ApiResponse(responseCode = "503", description = "The model is saturated; retry after the time given in Retry-After")
	ResponseEntity<ItemPrediction> prediction(@DatasetParam @PathVariable("dataset") String datasetId, @SplitParam @PathVariable("split") String splitName,
			@IndexParam @PathVariable("index") @Min(0) int index,
			@Parameter(description = "Model id", example = ModelCatalog.BASELINE) @RequestParam(defaultValue = ModelCatalog.BASELINE) String model,
			@Parameter(description = "How many of the most likely classes to list in `top`, 1..10") @RequestParam(defaultValue = "3") @Min(1) @Max(ModelController.MAX_TOP_K) int topK,
			WebRequest request) {
		Dataset dataset = this.datasets.dataset(datasetId);
		SplitData split = this.datasets.split(dataset, splitName);
		DatasetLookup.index(split, index);
		Model classifier = this.models.model(model);
		if (!classifier.dataset().equals(dataset.id())) {
			throw Problems.invalidParameter("model", "was trained on " + classifier.dataset() + ", not " + dataset.id());
		}
		String etag = Responses.etag(dataset, "prediction", classifier.id(), classifier.version(), split.split().id(), index, topK);
		return Responses.json(request, etag, () -> {
			Classification classification = classifier.classify(Instances.ofBytes(split.imageBytes(), split.imageOffset(index), 1))[0];
			int label = split.label(index);
			String imageUrl = ApiPaths.url(ApiPaths.IMAGE, dataset.id(), split.split().id(), index);
			return new ItemPrediction(dataset.id(), split.split().id(), index, label, dataset.info().className(label),
					classification.label() == label, imageUrl, classifier.id(), Prediction.of(classifier, classification, topK));
		});
	}

}
