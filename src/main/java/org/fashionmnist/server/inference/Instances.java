package org.fashionmnist.server.inference;

/**
 * Images to classify: {@code count} images of 28x28 raw pixel values in row-major order, 784 floats
 * each, every value finite and within 0..255 (checked here, once, for every kind of input).
 */
public record Instances(float[] pixels, int count) {

	public static final int SIDE = 28;

	public static final int PIXELS = SIDE * SIDE;

	public static final float MAX_VALUE = 255f;

	public Instances {
		if (count < 1) {
			throw new InvalidInputException("There is nothing to classify: expected at least one image, found none.");
		}
		if (pixels.length < count * PIXELS) {
			throw new IllegalArgumentException(count + " images need " + count * PIXELS + " values, not " + pixels.length);
		}
		for (int i = 0; i < count * PIXELS; i++) {
			float value = pixels[i];
			if (!(value >= 0 && value <= MAX_VALUE)) {
				throw new InvalidInputException("Pixel values must be numbers from 0 to 255: instance " + i / PIXELS
						+ " (0-based) has " + describe(value) + " at row " + (i % PIXELS) / SIDE + ", column "
						+ i % SIDE + ".");
			}
		}
	}

	/** Images stored as unsigned bytes, {@code count} of them starting at {@code offset}. */
	public static Instances ofBytes(byte[] bytes, int offset, int count) {
		float[] pixels = new float[count * PIXELS];
		for (int i = 0; i < pixels.length; i++) {
			pixels[i] = bytes[offset + i] & 0xff;
		}
		return new Instances(pixels, count);
	}

	private static String describe(float value) {
		return Float.isNaN(value) ? "NaN" : Float.isInfinite(value) ? "infinity" : Float.toString(value);
	}

}
