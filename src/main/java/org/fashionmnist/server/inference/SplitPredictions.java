package org.fashionmnist.server.inference;

import java.util.Arrays;

import org.fashionmnist.server.dataset.LabelSet;
import org.fashionmnist.server.dataset.Selection;
import org.fashionmnist.server.dataset.SplitData;

/**
 * A model's answer for every image of one split, in index order: the most likely class and its
 * probability, next to the split's true labels. Computed once, through the same preprocessing and batch
 * code that serves predictions, so an item's entry equals what its own prediction says.
 */
public final class SplitPredictions {

	private final SplitData split;

	private final byte[] labels;

	private final float[] confidences;

	SplitPredictions(SplitData split, byte[] labels, float[] confidences) {
		if (labels.length != split.size() || confidences.length != split.size()) {
			throw new IllegalArgumentException("expected " + split.size() + " predictions, found " + labels.length);
		}
		this.split = split;
		this.labels = labels;
		this.confidences = confidences;
	}

	public SplitData split() {
		return this.split;
	}

	public int size() {
		return this.labels.length;
	}

	/** The most likely class of the image at {@code index}. */
	public int label(int index) {
		return this.labels[index];
	}

	/** The probability the model gives that class. */
	public float confidence(int index) {
		return this.confidences[index];
	}

	public boolean correct(int index) {
		return this.labels[index] == this.split.label(index);
	}

	/**
	 * The items whose true label is in {@code labels}, whose predicted class is in {@code predicted}, and,
	 * unless {@code correct} is null, whose prediction is right ({@code true}) or wrong ({@code false}); in
	 * ascending index order.
	 */
	public Selection select(LabelSet labels, LabelSet predicted, Boolean correct) {
		int[] indices = new int[size()];
		int count = 0;
		for (int index = 0; index < indices.length; index++) {
			if (labels.contains(this.split.label(index)) && predicted.contains(this.labels[index])
					&& (correct == null || correct == correct(index))) {
				indices[count++] = index;
			}
		}
		return Selection.of(Arrays.copyOf(indices, count));
	}

}
