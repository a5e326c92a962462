package org.fashionmnist.server.inference;

import java.util.Arrays;

/**
 * Occlusion sensitivity (Zeiler and Fergus, 2014): how much the probability of one class drops when a part of
 * the image is covered. A black (0) window of {@value #WINDOW} x {@value #WINDOW} pixels slides over the
 * image in steps of {@value #STRIDE}; the untouched image and every covered variant go through the model in
 * one call, and each pixel's value is the mean drop over the windows that cover it (positive: the pixel
 * supports the class). It needs nothing of the model but its probabilities, so any classifier will do.
 *
 * @param label the class explained
 * @param probability the model's probability of that class for the untouched image
 * @param values 28 x 28 mean drops in row-major order
 */
public record Saliency(int label, float probability, float[] values) {

	public static final int WINDOW = 6;

	public static final int STRIDE = 2;

	/** Window positions along each axis: 0, 2, ..., 22, so that the last window touches the far edge. */
	static final int POSITIONS = (Instances.SIDE - WINDOW) / STRIDE + 1;

	/**
	 * The saliency of {@code image} (one image) for {@code label}, or for the model's most likely class when
	 * {@code label} is null.
	 * @throws ModelOverloadedException when the model cannot take the variants in time
	 */
	public static Saliency of(Model model, Instances image, Integer label) {
		if (image.count() != 1) {
			throw new InvalidInputException("A saliency map explains one image; found " + image.count() + ".");
		}
		int side = Instances.SIDE;
		int pixels = Instances.PIXELS;
		int windows = POSITIONS * POSITIONS;
		float[] batch = new float[(1 + windows) * pixels];
		for (int variant = 0; variant <= windows; variant++) {
			System.arraycopy(image.pixels(), 0, batch, variant * pixels, pixels);
		}
		for (int window = 0; window < windows; window++) {
			int base = (1 + window) * pixels;
			int left = (window % POSITIONS) * STRIDE;
			int top = (window / POSITIONS) * STRIDE;
			for (int y = top; y < top + WINDOW; y++) {
				Arrays.fill(batch, base + y * side + left, base + y * side + left + WINDOW, 0f);
			}
		}
		Classification[] results = model.classify(new Instances(batch, 1 + windows));
		int target = (label != null) ? label : results[0].label();
		float probability = results[0].probabilities()[target];
		double[] drops = new double[pixels];
		int[] covers = new int[pixels];
		for (int window = 0; window < windows; window++) {
			double drop = probability - results[1 + window].probabilities()[target];
			int left = (window % POSITIONS) * STRIDE;
			int top = (window / POSITIONS) * STRIDE;
			for (int y = top; y < top + WINDOW; y++) {
				for (int x = left; x < left + WINDOW; x++) {
					drops[y * side + x] += drop;
					covers[y * side + x]++;
				}
			}
		}
		float[] values = new float[pixels];
		for (int i = 0; i < pixels; i++) {
			values[i] = (float) (drops[i] / covers[i]);
		}
		return new Saliency(target, probability, values);
	}

	/** The values as 28 rows of 28. */
	public float[][] rows() {
		float[][] rows = new float[Instances.SIDE][];
		for (int y = 0; y < rows.length; y++) {
			rows[y] = Arrays.copyOfRange(this.values, y * Instances.SIDE, (y + 1) * Instances.SIDE);
		}
		return rows;
	}

}
