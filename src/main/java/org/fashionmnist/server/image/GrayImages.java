package org.fashionmnist.server.image;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.function.IntUnaryOperator;

/**
 * Renders square 8-bit grayscale images stored row-major in a byte array as PNG: one image, or a
 * sprite sheet of many, upscaled by nearest neighbour and optionally inverted (255 - v).
 */
public final class GrayImages {

	private GrayImages() {
	}

	/**
	 * One image as PNG.
	 * @param pixels the array holding the image
	 * @param offset where the image's first pixel is
	 * @param side width and height of the image
	 * @param scale the integer upscaling factor, at least 1
	 * @param invert whether to write 255 - v instead of v
	 */
	public static byte[] png(byte[] pixels, int offset, int side, int scale, boolean invert) {
		int size = side * scale;
		return PngEncoder.encode(size, size, (y, row, at) -> copyRow(pixels, offset + (y / scale) * side, side,
				scale, invert, row, at));
	}

	/**
	 * A sprite sheet: {@code count} images in row-major order, {@code columns} to a row, touching
	 * each other; the unused cells of a short last row are black (0), inverted or not.
	 * @param tileOffset where the first pixel of the i-th image is, for i in {@code 0 .. count-1}
	 */
	public static void spritePng(OutputStream out, byte[] pixels, IntUnaryOperator tileOffset, int count, int columns,
			int side, int scale, boolean invert) throws IOException {
		int tileSize = side * scale;
		int gridRows = (count + columns - 1) / columns;
		PngEncoder.write(out, columns * tileSize, gridRows * tileSize, (y, row, at) -> {
			int gridRow = y / tileSize;
			int pixelRow = (y % tileSize) / scale;
			for (int column = 0; column < columns; column++) {
				int tile = gridRow * columns + column;
				int to = at + column * tileSize;
				if (tile < count) {
					copyRow(pixels, tileOffset.applyAsInt(tile) + pixelRow * side, side, scale, invert, row, to);
				}
				else {
					Arrays.fill(row, to, to + tileSize, (byte) 0);
				}
			}
		});
	}

	private static void copyRow(byte[] pixels, int from, int side, int scale, boolean invert, byte[] row, int at) {
		int mask = invert ? 0xff : 0;
		if (scale == 1 && !invert) {
			System.arraycopy(pixels, from, row, at, side);
			return;
		}
		int to = at;
		for (int x = 0; x < side; x++) {
			byte value = (byte) (pixels[from + x] ^ mask);
			for (int repeat = 0; repeat < scale; repeat++) {
				row[to++] = value;
			}
		}
	}

}
