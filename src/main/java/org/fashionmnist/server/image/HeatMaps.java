package org.fashionmnist.server.image;

/**
 * A grayscale image with a signed map laid over it as colour, upscaled by nearest neighbour: positive values
 * in red, negative in blue, each as opaque as its size relative to the largest one (at most
 * {@value #MAX_OPACITY}), so the image stays visible under the strongest spot. Float arithmetic only
 * (deterministic in Java 17), so the same inputs are the same bytes.
 */
public final class HeatMaps {

	static final float MAX_OPACITY = 0.7f;

	private static final int[] WARM = { 255, 40, 0 };

	private static final int[] COLD = { 0, 90, 255 };

	private HeatMaps() {
	}

	/**
	 * The RGB PNG of {@code pixels} (side x side values 0..255) under {@code values} (side x side, any
	 * sign), each pixel drawn as a {@code scale} x {@code scale} square.
	 */
	public static byte[] png(float[] pixels, float[] values, int side, int scale) {
		float largest = 0;
		for (float value : values) {
			largest = Math.max(largest, Math.abs(value));
		}
		byte[] rgb = new byte[side * side * 3];
		for (int i = 0; i < side * side; i++) {
			float opacity = (largest > 0) ? MAX_OPACITY * Math.abs(values[i]) / largest : 0;
			int[] colour = (values[i] >= 0) ? WARM : COLD;
			for (int c = 0; c < 3; c++) {
				rgb[i * 3 + c] = (byte) Math.round(pixels[i] * (1 - opacity) + colour[c] * opacity);
			}
		}
		int width = side * scale;
		return PngEncoder.encodeRgb(width, width, (y, row, offset) -> {
			int source = (y / scale) * side * 3;
			for (int x = 0; x < width; x++) {
				System.arraycopy(rgb, source + (x / scale) * 3, row, offset + x * 3, 3);
			}
		});
	}

}
