package org.fashionmnist.server.inference;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;

/**
 * Turns a decoded picture of any size and colour into 28x28 grayscale pixel values: luma (ITU-R BT.601,
 * as PIL's "L"), transparent parts shown over white, padded to a square with the colour of its border,
 * then shrunk by area averaging (each output pixel is the mean of the source area it covers; enlarging
 * a small picture blends neighbours at pixel edges). A 28x28 grayscale picture comes out unchanged.
 */
final class GrayResampler {

	private GrayResampler() {
	}

	/** The 28x28 pixel values 0..255, rounded to integers, inverted as {@code inversion} says. */
	static float[] toInstance(BufferedImage image, Inversion inversion) {
		int width = image.getWidth();
		int height = image.getHeight();
		float[] gray = gray(image);
		float border = borderMean(gray, width, height);
		float[] resized = resize(gray, width, height, Instances.SIDE, border);
		boolean invert = inversion.inverts(border);
		for (int i = 0; i < resized.length; i++) {
			float value = Math.round(Math.min(Math.max(resized[i], 0), Instances.MAX_VALUE));
			resized[i] = invert ? Instances.MAX_VALUE - value : value;
		}
		return resized;
	}

	/** Gray values 0..255 of every pixel, row-major; alpha is composited over white. */
	static float[] gray(BufferedImage image) {
		ColorModel model = image.getColorModel();
		boolean rawGray = !(model instanceof IndexColorModel) && model.getColorSpace().getType() == ColorSpace.TYPE_GRAY;
		return rawGray ? rawGray(image) : luma(image);
	}

	/**
	 * Gray samples as stored, scaled to 0..255: {@code getRGB} would pass them through the linear gray
	 * colour space and change them.
	 */
	private static float[] rawGray(BufferedImage image) {
		int width = image.getWidth();
		int height = image.getHeight();
		ColorModel model = image.getColorModel();
		Raster raster = image.getRaster();
		int bands = raster.getNumBands();
		float grayMax = (1 << model.getComponentSize(0)) - 1;
		boolean alpha = model.hasAlpha() && bands > 1;
		float alphaMax = alpha ? (1 << model.getComponentSize(1)) - 1 : 1;
		float[] gray = new float[width * height];
		int[] row = new int[width * bands];
		for (int y = 0; y < height; y++) {
			raster.getPixels(0, y, width, 1, row);
			for (int x = 0; x < width; x++) {
				float value = row[x * bands] * Instances.MAX_VALUE / grayMax;
				if (alpha) {
					float opacity = row[x * bands + 1] / alphaMax;
					value = value * opacity + Instances.MAX_VALUE * (1 - opacity);
				}
				gray[y * width + x] = value;
			}
		}
		return gray;
	}

	private static float[] luma(BufferedImage image) {
		int width = image.getWidth();
		int height = image.getHeight();
		float[] gray = new float[width * height];
		int[] row = new int[width];
		for (int y = 0; y < height; y++) {
			image.getRGB(0, y, width, 1, row, 0, width);
			for (int x = 0; x < width; x++) {
				int argb = row[x];
				float value = 0.299f * ((argb >> 16) & 0xff) + 0.587f * ((argb >> 8) & 0xff) + 0.114f * (argb & 0xff);
				float opacity = (argb >>> 24) / Instances.MAX_VALUE;
				gray[y * width + x] = value * opacity + Instances.MAX_VALUE * (1 - opacity);
			}
		}
		return gray;
	}

	/**
	 * The mean of the picture's outer ring, about one pixel of the 28x28 result wide: the background of
	 * a picture of one article.
	 */
	static float borderMean(float[] gray, int width, int height) {
		int ring = Math.max(1, Math.round(Math.min(width, height) / (float) Instances.SIDE));
		double sum = 0;
		long count = 0;
		for (int y = 0; y < height; y++) {
			boolean edgeRow = y < ring || y >= height - ring;
			for (int x = 0; x < width; x++) {
				if (edgeRow || x < ring || x >= width - ring) {
					sum += gray[y * width + x];
					count++;
				}
				else {
					x = width - ring - 1;
				}
			}
		}
		return (float) (sum / count);
	}

	/**
	 * Resizes to {@code side} x {@code side} by area averaging, as if the picture were first centred on a
	 * square canvas of {@code background}.
	 */
	static float[] resize(float[] gray, int width, int height, int side, float background) {
		int square = Math.max(width, height);
		Axis columns = Axis.of(width, square, side);
		Axis rows = Axis.of(height, square, side);
		float[] horizontal = new float[height * side];
		for (int y = 0; y < height; y++) {
			for (int j = 0; j < side; j++) {
				horizontal[y * side + j] = columns.apply(j, gray, y * width, 1, background);
			}
		}
		float[] out = new float[side * side];
		for (int i = 0; i < side; i++) {
			for (int j = 0; j < side; j++) {
				out[i * side + j] = rows.apply(i, horizontal, j, side, background);
			}
		}
		return out;
	}

	/**
	 * How the output pixels along one axis cover the source pixels: output {@code j} takes
	 * {@code weights[j][k]} of source pixel {@code first[j] + k} and {@code padding[j]} of the background.
	 */
	private record Axis(int[] first, float[][] weights, float[] padding) {

		static Axis of(int length, int square, int side) {
			double scale = (double) square / side;
			double offset = (square - length) / 2.0;
			int[] first = new int[side];
			float[][] weights = new float[side][];
			float[] padding = new float[side];
			for (int j = 0; j < side; j++) {
				double from = j * scale - offset;
				double to = (j + 1) * scale - offset;
				int start = Math.max(0, (int) Math.floor(from));
				int end = Math.min(length, (int) Math.ceil(to));
				first[j] = start;
				weights[j] = new float[Math.max(0, end - start)];
				double covered = 0;
				for (int p = start; p < end; p++) {
					double overlap = Math.min(to, p + 1) - Math.max(from, p);
					weights[j][p - start] = (float) (overlap / scale);
					covered += overlap;
				}
				padding[j] = (float) Math.max(0, 1 - covered / scale);
			}
			return new Axis(first, weights, padding);
		}

		float apply(int j, float[] values, int base, int stride, float background) {
			float[] w = this.weights[j];
			double sum = this.padding[j] * background;
			int at = base + this.first[j] * stride;
			for (int k = 0; k < w.length; k++, at += stride) {
				sum += w[k] * values[at];
			}
			return (float) sum;
		}

	}

}
