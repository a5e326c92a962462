package org.fashionmnist.server.image;

/**
 * Compresses a small input into a zlib stream (RFC 1950) holding one DEFLATE block (RFC 1951) of fixed
 * Huffman codes whose only back-references are runs: a byte repeating the one before it, at distance 1.
 * <p>
 * zlib's own deflater spends about 25 µs setting up its 256 KiB of state for every stream, while an
 * unscaled 28x28 image is 812 bytes of filtered rows: this encodes one in about 2 µs. Grayscale rows of
 * dark background and repeated (upscaled) pixels are runs, so it comes within about 10% of zlib's
 * default level on Fashion-MNIST images; for large images, where the set-up no longer matters, zlib's
 * dynamic codes and longer matches do better, and {@link PngEncoder} uses zlib.
 */
final class RunLengthDeflater {

	private static final int MIN_RUN = 3;

	private static final int MAX_RUN = 258;

	/** DEFLATE's length codes 257..285: the first length of each, and its number of extra bits. */
	private static final int[] LENGTH_BASE = { 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51,
			59, 67, 83, 99, 115, 131, 163, 195, 227, 258 };

	private static final int[] LENGTH_EXTRA_BITS = { 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4,
			4, 4, 4, 5, 5, 5, 5, 0 };

	/** For each run length 3..258, the index of its length code in the tables above. */
	private static final byte[] LENGTH_CODE = new byte[MAX_RUN + 1];

	static {
		for (int code = 0; code < LENGTH_BASE.length; code++) {
			int end = (code + 1 < LENGTH_BASE.length) ? LENGTH_BASE[code + 1] : MAX_RUN + 1;
			for (int length = LENGTH_BASE[code]; length < end; length++) {
				LENGTH_CODE[length] = (byte) code;
			}
		}
	}

	private RunLengthDeflater() {
	}

	/** The most bytes {@link #compress} writes for {@code length} input bytes. */
	static int maxCompressedLength(int length) {
		// Header and Adler-32 (6), block header and end code (10 bits), 9 bits for every literal at worst.
		return 6 + 2 + (length * 9 + 7) / 8 + 1;
	}

	/**
	 * Compresses {@code input[offset .. offset + length)} into {@code out} from index 0.
	 * @return the number of bytes written, at most {@link #maxCompressedLength}
	 */
	static int compress(byte[] input, int offset, int length, byte[] out) {
		out[0] = 0x78; // deflate, 32 KiB window
		out[1] = 0x01; // fastest compression; (0x78 << 8 | 0x01) is a multiple of 31 as RFC 1950 requires
		Bits bits = new Bits(out, 2);
		bits.write(1, 1); // BFINAL: the only block
		bits.write(1, 2); // BTYPE 01: fixed Huffman codes
		int end = offset + length;
		int i = offset;
		while (i < end) {
			int run = 0;
			if (i > offset) {
				byte previous = input[i - 1];
				int limit = Math.min(end, i + MAX_RUN);
				while (i + run < limit && input[i + run] == previous) {
					run++;
				}
			}
			if (run >= MIN_RUN) {
				int code = LENGTH_CODE[run];
				bits.writeSymbol(257 + code);
				bits.write(run - LENGTH_BASE[code], LENGTH_EXTRA_BITS[code]);
				bits.write(0, 5); // distance code 0: distance 1
				i += run;
			}
			else {
				bits.writeSymbol(input[i] & 0xff);
				i++;
			}
		}
		bits.writeSymbol(256); // end of block
		int at = bits.flush();
		int adler = adler32(input, offset, length);
		out[at] = (byte) (adler >>> 24);
		out[at + 1] = (byte) (adler >>> 16);
		out[at + 2] = (byte) (adler >>> 8);
		out[at + 3] = (byte) adler;
		return at + 4;
	}

	static int adler32(byte[] input, int offset, int length) {
		long a = 1;
		long b = 0;
		int end = offset + length;
		while (offset < end) {
			// Reduced every 5552 bytes, as zlib does; in a long, the sums cannot overflow in between.
			int stop = Math.min(end, offset + 5552);
			for (; offset < stop; offset++) {
				a += input[offset] & 0xff;
				b += a;
			}
			a %= 65521;
			b %= 65521;
		}
		return (int) ((b << 16) | a);
	}

	/** DEFLATE's bit order: values from their least significant bit, Huffman codes from their most. */
	private static final class Bits {

		private final byte[] out;

		private int at;

		private long buffer;

		private int count;

		Bits(byte[] out, int at) {
			this.out = out;
			this.at = at;
		}

		void write(int value, int length) {
			this.buffer |= (long) value << this.count;
			this.count += length;
			while (this.count >= 8) {
				this.out[this.at++] = (byte) this.buffer;
				this.buffer >>>= 8;
				this.count -= 8;
			}
		}

		/** Writes the fixed Huffman code of a literal/length symbol (RFC 1951, 3.2.6). */
		void writeSymbol(int symbol) {
			if (symbol < 144) {
				writeCode(0x30 + symbol, 8);
			}
			else if (symbol < 256) {
				writeCode(0x190 + symbol - 144, 9);
			}
			else if (symbol < 280) {
				writeCode(symbol - 256, 7);
			}
			else {
				writeCode(0xc0 + symbol - 280, 8);
			}
		}

		private void writeCode(int code, int length) {
			write(Integer.reverse(code) >>> (32 - length), length);
		}

		/** Writes out the last, partial byte; returns the number of bytes written. */
		int flush() {
			if (this.count > 0) {
				this.out[this.at++] = (byte) this.buffer;
				this.buffer = 0;
				this.count = 0;
			}
			return this.at;
		}

	}

}
