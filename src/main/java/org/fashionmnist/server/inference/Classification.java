package org.fashionmnist.server.inference;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/** What the model says about one image: the probability of each class and the most likely class. */
public record Classification(float[] probabilities) {

	/** The most likely class; the lower label wins a tie. */
	public int label() {
		int best = 0;
		for (int label = 1; label < this.probabilities.length; label++) {
			if (this.probabilities[label] > this.probabilities[best]) {
				best = label;
			}
		}
		return best;
	}

	public float confidence() {
		return this.probabilities[label()];
	}

	/** The {@code k} most likely classes, most likely first (lower label first on a tie). */
	public int[] top(int k) {
		return IntStream.range(0, this.probabilities.length)
			.boxed()
			.sorted(Comparator.comparingDouble((Integer label) -> -this.probabilities[label]))
			.limit(k)
			.mapToInt(Integer::intValue)
			.toArray();
	}

	static Classification[] split(float[] probabilities, int count) {
		int classes = probabilities.length / count;
		Classification[] classifications = new Classification[count];
		for (int i = 0; i < count; i++) {
			classifications[i] = new Classification(Arrays.copyOfRange(probabilities, i * classes, (i + 1) * classes));
		}
		return classifications;
	}

}
