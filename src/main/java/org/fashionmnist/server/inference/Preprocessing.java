package org.fashionmnist.server.inference;

import java.nio.FloatBuffer;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Turns pixel values 0..255 into the model's input: {@code (pixel/scale - mean)/std}, computed in float32
 * as the training script does, with the mean and std the model was trained with.
 */
public final class Preprocessing {

	private final Settings settings;

	private final float scale;

	private final float mean;

	private final float std;

	Preprocessing(Settings settings) {
		if (!(settings.scale() > 0) || !(settings.std() > 0) || !Double.isFinite(settings.mean())) {
			throw new IllegalArgumentException("Preprocessing needs a positive scale and std and a finite mean, not "
					+ settings);
		}
		this.settings = settings;
		this.scale = (float) settings.scale();
		this.mean = (float) settings.mean();
		this.std = (float) settings.std();
	}

	public Settings settings() {
		return this.settings;
	}

	/** Writes the normalised values of {@code pixels[from .. from+count)} to {@code into}. */
	void apply(float[] pixels, int from, int count, FloatBuffer into) {
		for (int i = from, end = from + count; i < end; i++) {
			into.put((pixels[i] / this.scale - this.mean) / this.std);
		}
	}

	/**
	 * The preprocessing a model was trained with.
	 *
	 * @param scale the divisor that maps pixels to [0, 1], 255
	 * @param mean the mean of the scaled train pixels
	 * @param std their standard deviation
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	public record Settings(double scale, double mean, double std) {

		public String formula() {
			return "(pixel/" + (int) this.scale + " - mean)/std";
		}

	}

}
