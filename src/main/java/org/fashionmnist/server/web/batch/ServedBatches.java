package org.fashionmnist.server.web.batch;

import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;

import org.fashionmnist.server.batch.BatchContent;
import org.fashionmnist.server.dataset.Dataset;
import org.fashionmnist.server.dataset.Split;
import org.fashionmnist.server.dataset.SplitData;
import org.fashionmnist.server.tensor.Tensor;
import org.fashionmnist.server.tensor.TensorFormat;

import org.springframework.stereotype.Component;

/**
 * Makes a batch's tensors for a response, for the controller and the fast path alike, and counts it in
 * {@code fmnist.batches.images}: the images of each batch served, by split and format, so that its count is
 * the batches served and its sum the images in them. A batch counts when its content is made: a 200 (to a
 * {@code GET} or a {@code HEAD}), not a 304 nor a refusal. Every series exists from the start, at zero.
 */
@Component
class ServedBatches {

	private final Map<Split, Map<TensorFormat, DistributionSummary>> images = new EnumMap<>(Split.class);

	ServedBatches(MeterRegistry meters) {
		for (Split split : Split.values()) {
			Map<TensorFormat, DistributionSummary> byFormat = new EnumMap<>(TensorFormat.class);
			for (TensorFormat format : TensorFormat.values()) {
				byFormat.put(format, DistributionSummary.builder("fmnist.batches.images")
					.description("Images per training batch served: its count is the batches, its sum the images")
					.tag("split", split.id())
					.tag("format", format.name().toLowerCase(Locale.ROOT))
					.register(meters));
			}
			this.images.put(split, byFormat);
		}
	}

	/** The tensors of the batch of {@code indices} of {@code split}, counted as served in {@code format}. */
	List<Tensor> tensors(BatchContent content, Dataset dataset, SplitData split, int[] indices, TensorFormat format) {
		this.images.get(split.split()).get(format).record(indices.length);
		return content.tensors(split, indices, dataset.pixelStats());
	}

}
