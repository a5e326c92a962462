package org.fashionmnist.server.batch;

import org.fashionmnist.server.dataset.PixelStats;

/**
 * How a pixel value v (0..255) becomes a float32: each formula is evaluated in double precision and
 * rounded to float32 once.
 */
public enum Normalization {

	/** v itself, 0.0 .. 255.0. */
	NONE,

	/** v / 255, 0.0 .. 1.0. */
	UNIT,

	/** (v / 255 - mean) / std, with the mean and standard deviation of the train split's pixels. */
	STANDARD;

	/** The float for each of the 256 byte values. */
	public float[] table(PixelStats trainStats) {
		float[] table = new float[256];
		for (int value = 0; value < table.length; value++) {
			table[value] = (float) apply(value, trainStats);
		}
		return table;
	}

	double apply(int value, PixelStats trainStats) {
		return switch (this) {
			case NONE -> value;
			case UNIT -> value / 255.0;
			case STANDARD -> (value / 255.0 - trainStats.mean()) / trainStats.std();
		};
	}

}
