package org.fashionmnist.server.web.dataset;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.fashionmnist.server.dataset.Dataset;
import org.fashionmnist.server.dataset.LabelSet;
import org.fashionmnist.server.dataset.Selection;
import org.fashionmnist.server.dataset.SplitData;
import org.fashionmnist.server.inference.Model;
import org.fashionmnist.server.inference.ModelCatalog;
import org.fashionmnist.server.inference.SplitPredictions;
import org.fashionmnist.server.web.http.ModelLookup;
import org.fashionmnist.server.web.http.Responses;
import org.fashionmnist.server.web.openapi.LabelParam;

import org.springframework.web.util.UriComponentsBuilder;

/**
 * Which items of a split a page of items or a sprite sheet holds, declared once: their true labels, and
 * what a model predicts for them. {@link ItemController} and {@link ImageController} bind it (validated);
 * the items' {@code Link} header writes it back.
 */
record ItemFilter(
		@LabelParam List<@Min(0) @Max(9) Integer> label,
		@Parameter(description = "Keep only items the model predicts as one of these classes (0..9, its most likely class); "
				+ "repeat the parameter or separate labels by commas. Absent or empty: any prediction. Listed items then "
				+ "carry `predictedLabel` and `confidence`.", example = "[6]") List<@Min(0) @Max(9) Integer> predicted,
		@Parameter(description = "Keep only items the model classifies rightly (`true`) or wrongly (`false`). Listed items "
				+ "then carry `predictedLabel` and `confidence`.", schema = @Schema(type = "boolean")) Boolean correct,
		@Parameter(description = "The model whose predictions `predicted` and `correct` filter by; it must have been trained "
				+ "on this dataset", schema = @Schema(type = "string", defaultValue = ModelCatalog.BASELINE)) String model) {

	/**
	 * How long a request waits for a model's predictions of a whole split (they start once the application is
	 * ready: seconds for the test split, longer for train) before it answers 503 with {@code Retry-After}.
	 */
	static final Duration PREDICTIONS_WAIT = Duration.ofSeconds(10);

	ItemFilter {
		label = present(label);
		predicted = present(predicted);
	}

	private static List<Integer> present(List<Integer> labels) {
		return (labels != null) ? labels.stream().filter(Objects::nonNull).toList() : List.of();
	}

	LabelSet labels() {
		return LabelSet.of(this.label);
	}

	LabelSet predictedLabels() {
		return LabelSet.of(this.predicted);
	}

	/** Whether the items are chosen by what the model predicts, so that they carry the predictions. */
	boolean byPrediction() {
		return !this.predicted.isEmpty() || this.correct != null;
	}

	/**
	 * The items of {@code split} this filter keeps, with the predictions they were chosen by (none when the
	 * filter does not use them), waiting up to {@link #PREDICTIONS_WAIT} for them. A model named but unknown,
	 * or trained on another dataset, is a 400 even when no prediction is needed.
	 */
	Filtered apply(Dataset dataset, SplitData split, ModelLookup models) {
		Model classifier = (this.model != null || byPrediction())
				? models.parameter("model", (this.model != null) ? this.model : ModelCatalog.BASELINE, dataset) : null;
		if (!byPrediction()) {
			return new Filtered(split.select(labels()), null, "");
		}
		SplitPredictions predictions = classifier.predictions(split.split(), PREDICTIONS_WAIT);
		return new Filtered(predictions.select(labels(), predictedLabels(), this.correct), predictions,
				classifier.id() + "." + classifier.version() + "." + predictedLabels() + "." + this.correct);
	}

	/** Writes the filter's parameters that have a value into {@code uri}, as the listing's links repeat them. */
	void writeTo(UriComponentsBuilder uri) {
		if (!this.label.isEmpty()) {
			uri.queryParam("label", labels().toString());
		}
		if (!this.predicted.isEmpty()) {
			uri.queryParam("predicted", predictedLabels().toString());
		}
		if (this.correct != null) {
			uri.queryParam("correct", this.correct);
		}
		if (this.model != null) {
			uri.queryParam("model", this.model);
		}
	}

	/**
	 * The items a filter keeps, the predictions it chose them by (null if none), and what of the filter
	 * besides the labels decides the answer (empty if nothing).
	 */
	record Filtered(Selection selection, SplitPredictions predictions, String tag) {

		/** The entity tag of an answer made of {@code parts} and of these items. */
		String etag(Dataset dataset, Object... parts) {
			if (this.tag.isEmpty()) {
				return Responses.etag(dataset, parts);
			}
			Object[] all = Arrays.copyOf(parts, parts.length + 1);
			all[parts.length] = this.tag;
			return Responses.etag(dataset, all);
		}

	}

}
