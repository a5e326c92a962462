package org.fashionmnist.server.web.prediction;

import java.util.ArrayList;
import java.util.List;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;

import org.fashionmnist.server.inference.Classification;
import org.fashionmnist.server.inference.Model;

/** The JSON documents of the prediction endpoints. */
final class PredictionBodies {

	private PredictionBodies() {
	}

	@Schema(description = "One prediction per input image, in input order")
	record PredictionList(@Schema(example = "baseline") String model, List<Prediction> predictions) {

		static PredictionList of(Model model, Classification[] classifications, int topK) {
			List<Prediction> predictions = new ArrayList<>(classifications.length);
			for (Classification classification : classifications) {
				predictions.add(Prediction.of(model, classification, topK));
			}
			return new PredictionList(model.id(), predictions);
		}

	}

	@Schema(description = "What the model says about one image")
	record Prediction(@Schema(description = "The most likely class", example = "9") int label,
			@Schema(example = "Ankle boot") String className,
			@Schema(description = "The probability of that class", example = "0.998") float confidence,
			@Schema(description = "The topK most likely classes, most likely first") List<RankedClass> top,
			@ArraySchema(arraySchema = @Schema(description = "The probability of each class, by label (softmax of the model's logits)"),
					minItems = 10, maxItems = 10) float[] probabilities) {

		static Prediction of(Model model, Classification classification, int topK) {
			List<RankedClass> top = new ArrayList<>(topK);
			for (int label : classification.top(topK)) {
				top.add(new RankedClass(label, model.classNames().get(label), classification.probabilities()[label]));
			}
			int label = classification.label();
			return new Prediction(label, model.classNames().get(label), classification.confidence(), top,
					classification.probabilities());
		}

	}

	record RankedClass(@Schema(example = "9") int label, @Schema(example = "Ankle boot") String className,
			@Schema(example = "0.998") float probability) {
	}

	@Schema(description = "The prediction for a stored image, with its true label")
	record ItemPrediction(@Schema(example = "fashion-mnist") String dataset, @Schema(example = "test") String split,
			@Schema(example = "0") int index,
			@Schema(description = "The true label of the item", example = "9") int label,
			@Schema(description = "The name of the true label", example = "Ankle boot") String className,
			@Schema(description = "Whether the predicted label is the true label") boolean correct,
			@Schema(example = "http://localhost:8080/api/v1/datasets/fashion-mnist/splits/test/images/0.png") String imageUrl,
			@Schema(example = "baseline") String model, Prediction prediction) {
	}

	/** The shape of a multipart body, for the OpenAPI description only. */
	record FileParts(@ArraySchema(arraySchema = @Schema(requiredMode = Schema.RequiredMode.REQUIRED,
			description = "One part per picture, each named `file`"), minItems = 1, schema = @Schema(type = "string",
					format = "binary", description = "A PNG, JPEG, GIF or BMP picture")) List<String> file) {
	}

	/** The shape of a JSON body, for the OpenAPI description only. */
	record InstancesBody(@ArraySchema(schema = @Schema(description = "28 rows of 28 numbers, or 784 numbers, 0..255",
			type = "array", example = "[[0, 0, 0], [0, 128, 255]]")) List<Object> instances) {
	}

}
