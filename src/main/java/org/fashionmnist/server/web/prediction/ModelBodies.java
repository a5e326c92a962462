package org.fashionmnist.server.web.prediction;

import java.util.ArrayList;
import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.fashionmnist.server.inference.Evaluation;
import org.fashionmnist.server.inference.Model;
import org.fashionmnist.server.inference.ModelProperties.ModelSettings;

/** The JSON documents that describe models. */
final class ModelBodies {

	private ModelBodies() {
	}

	record ModelList(List<ModelSummary> models) {
	}

	record ModelSummary(@Schema(example = "baseline") String id, @Schema(example = "onnx") String format,
			@Schema(example = "fashion-mnist") String dataset, @Schema(example = "[-1, 1, 28, 28]") long[] inputShape,
			@Schema(example = "241546") long parameters, String sha256,
			@Schema(description = "Accuracy on the full test split, computed by this server at start-up", example = "0.93") double accuracy,
			@Schema(example = "http://localhost:8080/api/v1/models/baseline") String href) {

		static ModelSummary of(Model model, String href) {
			return new ModelSummary(model.id(), model.format(), model.dataset(), model.inputShape(), model.parameters(),
					model.file().sha256(), model.evaluation().accuracy(), href);
		}

	}

	record ClassInfo(int label, String name) {
	}

	@Schema(name = "ModelFile", description = "The model's file")
	record FileInfo(@Schema(example = "baseline.onnx") String name, long size, String sha256) {
	}

	record PreprocessingInfo(double scale, double mean, double std,
			@Schema(example = "(pixel/255 - mean)/std") String formula) {
	}

	@Schema(description = "How the server runs the model")
	record Serving(int intraOpThreads, int interOpThreads, int maxBatchSize, int workers, int queueCapacity,
			long maxQueueTimeMs, long retryAfterSeconds) {

		static Serving of(ModelSettings settings) {
			return new Serving(settings.intraOpThreads(), settings.interOpThreads(), settings.maxBatchSize(),
					settings.workers(), settings.queueCapacity(), settings.maxQueueTime().toMillis(),
					settings.retryAfter().toSeconds());
		}

	}

	@Schema(description = "A model with its evaluation")
	record ModelDetail(@Schema(example = "baseline") String id, @Schema(example = "onnx") String format,
			@Schema(example = "fashion-mnist", description = "The dataset it was trained on") String dataset,
			@Schema(example = "input") String inputName, @Schema(example = "[-1, 1, 28, 28]") long[] inputShape,
			@Schema(example = "logits") String outputName, @Schema(example = "[-1, 10]") long[] outputShape,
			@Schema(description = "Number of trainable parameters", example = "241546") long parameters,
			@Schema(description = "SHA-256 of the model file") String sha256, FileInfo file, List<ClassInfo> classes,
			PreprocessingInfo preprocessing, @Nullable String architecture,
			@Schema(description = "Test accuracy the training script reported") @Nullable Double trainingTestAccuracy,
			@Schema(description = "How it was trained, as the training script recorded it: free-form JSON, passed on as written") @Nullable JsonNode training,
			Serving serving,
			@Schema(description = "Computed by this server at start-up on the full test split, through the same "
					+ "preprocessing and ONNX Runtime session that answer requests. confusionMatrix[t][p] counts the "
					+ "test images of true label t predicted as p.") Evaluation evaluation,
			@Schema(example = "http://localhost:8080/api/v1/models/baseline/predictions") String predictions) {

		static ModelDetail of(Model model, String predictionsUrl) {
			List<ClassInfo> classes = new ArrayList<>();
			for (int label = 0; label < model.classNames().size(); label++) {
				classes.add(new ClassInfo(label, model.classNames().get(label)));
			}
			var preprocessing = model.preprocessing();
			return new ModelDetail(model.id(), model.format(), model.dataset(), model.inputName(), model.inputShape(),
					model.outputName(), new long[] { -1, model.classNames().size() }, model.parameters(),
					model.file().sha256(), new FileInfo(model.file().name(), model.file().size(), model.file().sha256()),
					classes, new PreprocessingInfo(preprocessing.scale(), preprocessing.mean(), preprocessing.std(),
							preprocessing.formula()),
					model.descriptor().architecture(), model.descriptor().testAccuracy(), model.descriptor().training(),
					Serving.of(model.settings()), model.evaluation(), predictionsUrl);
		}

	}

}
