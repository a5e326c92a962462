package org.fashionmnist.server.dataset;

/** Tiny splits for tests that need a {@link SplitData} without the real files. */
public final class SplitFixtures {

	private SplitFixtures() {
	}

	/**
	 * A train split of 2x2 images, one per label: image i has every pixel equal to i (mod 256).
	 * @param labels the label of each item, 0..9
	 */
	public static SplitData withLabels(int... labels) {
		byte[] labelBytes = new byte[labels.length];
		byte[] images = new byte[labels.length * 4];
		for (int i = 0; i < labels.length; i++) {
			labelBytes[i] = (byte) labels[i];
			java.util.Arrays.fill(images, i * 4, i * 4 + 4, (byte) i);
		}
		return new SplitData(Split.TRAIN, 2, images, labelBytes, 10);
	}

}
