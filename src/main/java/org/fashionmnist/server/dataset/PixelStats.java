package org.fashionmnist.server.dataset;

/** Mean and standard deviation of pixel values scaled to [0, 1]. */
public record PixelStats(double mean, double std) {

	/** Statistics of every byte of {@code pixels}, computed from a 256-bin histogram. */
	static PixelStats of(byte[] pixels) {
		long[] histogram = new long[256];
		for (byte pixel : pixels) {
			histogram[pixel & 0xff]++;
		}
		double sum = 0;
		double sumOfSquares = 0;
		for (int value = 0; value < 256; value++) {
			double scaled = value / 255.0;
			sum += histogram[value] * scaled;
			sumOfSquares += histogram[value] * scaled * scaled;
		}
		double mean = sum / pixels.length;
		return new PixelStats(mean, Math.sqrt(sumOfSquares / pixels.length - mean * mean));
	}

}
