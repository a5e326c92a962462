package org.fashionmnist.server.image;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Writes 8-bit grayscale PNG images (colour type 0, no interlacing), and RGB ones (colour type 2) alike. A row equal to the one above is
 * written with the "Up" filter, as zeros, which compresses nearest-neighbour upscaling to almost nothing;
 * other rows use no filter. Small images (up to {@value #SMALL} bytes of filtered rows, a single image
 * up to 6x) are filtered whole and compressed by {@link RunLengthDeflater} in one go, about 15 times
 * faster than zlib's per-stream set-up alone; larger ones go row by row through zlib, so that even a large
 * sprite sheet needs memory for two rows only.
 */
public final class PngEncoder {

	/**
	 * Names this encoder's output in entity tags, so that a server whose encoder writes other bytes (the
	 * run-length compression of small images was version 2) never matches a response cached from another.
	 * Bump it whenever the bytes of any image change.
	 */
	public static final String VERSION = "png2";

	private static final byte[] SIGNATURE = { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };

	private static final int FILTER_NONE = 0;

	private static final int FILTER_UP = 2;

	private static final int IDAT_CHUNK_SIZE = 32 * 1024;

	/** The most bytes of filtered rows compressed by {@link RunLengthDeflater} rather than zlib. */
	static final int SMALL = 32 * 1024;

	/** One per thread: creating a zlib stream costs more than compressing a 28x28 image. */
	private static final ThreadLocal<Deflater> DEFLATERS = ThreadLocal.withInitial(Deflater::new);

	private PngEncoder() {
	}

	/** Fills {@code row[offset .. offset + width)} with the pixels of row {@code y} (3 bytes a pixel for RGB). */
	@FunctionalInterface
	public interface RowSource {

		void fill(int y, byte[] row, int offset);

	}

	/** Encodes a grayscale image into a new array. */
	public static byte[] encode(int width, int height, RowSource rows) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(256 + width * height / 4);
		try {
			write(out, width, height, rows);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("A byte array stream cannot fail", ex);
		}
		return out.toByteArray();
	}

	/** Encodes an RGB image into a new array: each row is filled with red, green and blue of every pixel. */
	public static byte[] encodeRgb(int width, int height, RowSource rows) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(256 + width * height);
		try {
			write(out, width, height, 3, rows);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("A byte array stream cannot fail", ex);
		}
		return out.toByteArray();
	}

	/** Writes a grayscale image to {@code out}; a large one is streamed, its rows compressed as they are made. */
	public static void write(OutputStream out, int width, int height, RowSource rows) throws IOException {
		write(out, width, height, 1, rows);
	}

	private static void write(OutputStream out, int width, int height, int channels, RowSource rows) throws IOException {
		if (width < 1 || height < 1) {
			throw new IllegalArgumentException("A PNG image needs at least one pixel, not " + width + "x" + height);
		}
		out.write(SIGNATURE);
		writeChunk(out, "IHDR", header(width, height, channels), 13);
		int rowBytes = width * channels;
		if ((long) (rowBytes + 1) * height <= SMALL) {
			writeSmall(out, rowBytes, height, rows);
		}
		else {
			writeLarge(out, rowBytes, height, rows);
		}
		writeChunk(out, "IEND", new byte[0], 0);
	}

	private static void writeSmall(OutputStream out, int rowBytes, int height, RowSource rows) throws IOException {
		int stride = rowBytes + 1;
		byte[] filtered = new byte[stride * height];
		for (int y = 0; y < height; y++) {
			int row = y * stride;
			rows.fill(y, filtered, row + 1);
			boolean repeat = y > 0 && Arrays.equals(filtered, row + 1, row + stride, filtered, row + 1 - stride, row);
			filtered[row] = (byte) (repeat ? FILTER_UP : FILTER_NONE);
		}
		// Only now, when no row is compared with the one above any more, do repeated rows become their
		// Up-filtered form: the differences from the row above, all zero.
		for (int y = height - 1; y > 0; y--) {
			int row = y * stride;
			if (filtered[row] == FILTER_UP) {
				Arrays.fill(filtered, row + 1, row + stride, (byte) 0);
			}
		}
		byte[] compressed = new byte[RunLengthDeflater.maxCompressedLength(filtered.length)];
		int length = RunLengthDeflater.compress(filtered, 0, filtered.length, compressed);
		writeChunk(out, "IDAT", compressed, length);
	}

	private static void writeLarge(OutputStream out, int rowBytes, int height, RowSource rows) throws IOException {
		Deflater deflater = DEFLATERS.get();
		deflater.reset();
		try (IdatStream idat = new IdatStream(out)) {
			byte[] row = new byte[rowBytes + 1];
			byte[] previous = new byte[rowBytes + 1];
			byte[] up = new byte[rowBytes + 1];
			up[0] = FILTER_UP;
			for (int y = 0; y < height; y++) {
				rows.fill(y, row, 1);
				boolean repeat = y > 0 && Arrays.equals(row, 1, rowBytes + 1, previous, 1, rowBytes + 1);
				row[0] = FILTER_NONE;
				idat.deflate(deflater, repeat ? up : row);
				byte[] swap = previous;
				previous = row;
				row = swap;
			}
			idat.finish(deflater);
		}
	}

	private static byte[] header(int width, int height, int channels) {
		byte[] header = new byte[13];
		putInt(header, 0, width);
		putInt(header, 4, height);
		header[8] = 8; // bit depth
		header[9] = (byte) ((channels == 3) ? 2 : 0); // colour type: RGB or grayscale
		return header; // compression, filter and interlace methods are all 0
	}

	static void writeChunk(OutputStream out, String type, byte[] data, int length) throws IOException {
		byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
		CRC32 crc = new CRC32();
		crc.update(typeBytes);
		crc.update(data, 0, length);
		byte[] prefix = new byte[8];
		putInt(prefix, 0, length);
		System.arraycopy(typeBytes, 0, prefix, 4, 4);
		out.write(prefix);
		out.write(data, 0, length);
		byte[] suffix = new byte[4];
		putInt(suffix, 0, (int) crc.getValue());
		out.write(suffix);
	}

	private static void putInt(byte[] into, int offset, int value) {
		into[offset] = (byte) (value >>> 24);
		into[offset + 1] = (byte) (value >>> 16);
		into[offset + 2] = (byte) (value >>> 8);
		into[offset + 3] = (byte) value;
	}

	/** Collects compressed bytes and writes them as IDAT chunks of at most 32 KiB. */
	private static final class IdatStream implements AutoCloseable {

		private final OutputStream out;

		private final byte[] buffer = new byte[IDAT_CHUNK_SIZE];

		private int used;

		IdatStream(OutputStream out) {
			this.out = out;
		}

		void deflate(Deflater deflater, byte[] input) throws IOException {
			deflater.setInput(input);
			while (!deflater.needsInput()) {
				drain(deflater);
			}
		}

		void finish(Deflater deflater) throws IOException {
			deflater.finish();
			while (!deflater.finished()) {
				drain(deflater);
			}
		}

		private void drain(Deflater deflater) throws IOException {
			this.used += deflater.deflate(this.buffer, this.used, this.buffer.length - this.used);
			if (this.used == this.buffer.length) {
				flush();
			}
		}

		private void flush() throws IOException {
			if (this.used > 0) {
				writeChunk(this.out, "IDAT", this.buffer, this.used);
				this.used = 0;
			}
		}

		@Override
		public void close() throws IOException {
			flush();
		}

	}

}
