package org.fashionmnist.server.dataset;

import java.util.Collection;
import java.util.StringJoiner;

/**
 * A set of class labels 0..31 used to filter a split; the empty set means "no filter", so every label
 * is kept.
 */
public record LabelSet(int mask) {

	private static final LabelSet ALL = new LabelSet(0);

	public static LabelSet all() {
		return ALL;
	}

	/** The labels given, each in 0..31; callers validate them against the dataset's classes first. */
	public static LabelSet of(Collection<Integer> labels) {
		int mask = 0;
		if (labels != null) {
			for (Integer label : labels) {
				if (label != null) {
					if (label < 0 || label > 31) {
						throw new IllegalArgumentException("label " + label + " is outside 0..31");
					}
					mask |= 1 << label;
				}
			}
		}
		return new LabelSet(mask);
	}

	public boolean isAll() {
		return this.mask == 0;
	}

	public boolean contains(int label) {
		return isAll() || (this.mask & (1 << label)) != 0;
	}

	/** The labels in ascending order joined by commas, or the empty string when there is no filter. */
	@Override
	public String toString() {
		StringJoiner joiner = new StringJoiner(",");
		for (int label = 0; label < 32; label++) {
			if ((this.mask & (1 << label)) != 0) {
				joiner.add(Integer.toString(label));
			}
		}
		return joiner.toString();
	}

}
