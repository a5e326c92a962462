package org.fashionmnist.server.image;

import java.util.Arrays;

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

	/**
	 * What each literal byte value writes, and what each run length 3..258 writes (its length code, the
	 * extra bits and distance code 0), already in DEFLATE's bit order: the bits above the lowest
	 * {@link #COUNT_WIDTH}, and how many they are in those. So the loop below writes one entry per symbol.
	 */
	private static final int[] LITERAL = new int[256];

	private static final int[] RUN = new int[MAX_RUN + 1];

	/** The low bits of a table entry that hold its number of bits (at most 18). */
	private static final int COUNT_WIDTH = 5;

	static {
		for (int literal = 0; literal < 256; literal++) {
			LITERAL[literal] = packed(huffman(literal), codeLength(literal));
		}
		for (int code = 0; code < LENGTH_BASE.length; code++) {
			int end = (code + 1 < LENGTH_BASE.length) ? LENGTH_BASE[code + 1] : MAX_RUN + 1;
			int symbol = 257 + code;
			for (int length = LENGTH_BASE[code]; length < end; length++) {
				int extra = LENGTH_EXTRA_BITS[code];
				// The distance code 0 (distance 1) is five zero bits after the extra bits.
				long bits = huffman(symbol) | (long) (length - LENGTH_BASE[code]) << codeLength(symbol);
				RUN[length] = packed((int) bits, codeLength(symbol) + extra + 5);
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
		int at = 2;
		// Bits not yet written, from the least significant: fewer than 32 between symbols, and no symbol
		// writes more than 18, so the long never overflows.
		long buffer = 0b011; // BFINAL: the only block; BTYPE 01: fixed Huffman codes
		int count = 3;
		int end = offset + length;
		int i = offset;
		while (i < end) {
			int symbol;
			int run = (i > offset) ? run(input, i, Math.min(end, i + MAX_RUN)) : 0;
			if (run >= MIN_RUN) {
				symbol = RUN[run];
				i += run;
			}
			else {
				symbol = LITERAL[input[i] & 0xff];
				i++;
			}
			buffer |= (long) (symbol >>> COUNT_WIDTH) << count;
			count += symbol & ((1 << COUNT_WIDTH) - 1);
			if (count >= 32) {
				at = putIntLittleEndian(out, at, (int) buffer);
				buffer >>>= 32;
				count -= 32;
			}
		}
		count += 7; // end of block: symbol 256, seven zero bits
		for (; count > 0; count -= 8) {
			out[at++] = (byte) buffer;
			buffer >>>= 8;
		}
		int adler = adler32(input, offset, length);
		out[at] = (byte) (adler >>> 24);
		out[at + 1] = (byte) (adler >>> 16);
		out[at + 2] = (byte) (adler >>> 8);
		out[at + 3] = (byte) adler;
		return at + 4;
	}

	/**
	 * How many bytes from {@code i} (below {@code limit}) repeat the byte before {@code i}: those equal to
	 * the one before them. The first three are compared one by one, since most bytes start no run; the rest
	 * by {@link Arrays#mismatch}, which compares many at a time.
	 */
	private static int run(byte[] input, int i, int limit) {
		byte previous = input[i - 1];
		if (i + MIN_RUN > limit || input[i] != previous || input[i + 1] != previous || input[i + 2] != previous) {
			return 0;
		}
		int mismatch = Arrays.mismatch(input, i + MIN_RUN, limit, input, i + MIN_RUN - 1, limit - 1);
		return MIN_RUN + ((mismatch < 0) ? limit - i - MIN_RUN : mismatch);
	}

	private static int putIntLittleEndian(byte[] out, int at, int value) {
		out[at] = (byte) value;
		out[at + 1] = (byte) (value >>> 8);
		out[at + 2] = (byte) (value >>> 16);
		out[at + 3] = (byte) (value >>> 24);
		return at + 4;
	}

	/** The fixed Huffman code of a literal/length symbol (RFC 1951, 3.2.6), reversed into DEFLATE's bit order. */
	private static int huffman(int symbol) {
		int code;
		if (symbol < 144) {
			code = 0x30 + symbol;
		}
		else if (symbol < 256) {
			code = 0x190 + symbol - 144;
		}
		else if (symbol < 280) {
			code = symbol - 256;
		}
		else {
			code = 0xc0 + symbol - 280;
		}
		return Integer.reverse(code) >>> (32 - codeLength(symbol));
	}

	private static int codeLength(int symbol) {
		if (symbol < 144) {
			return 8;
		}
		if (symbol < 256) {
			return 9;
		}
		return (symbol < 280) ? 7 : 8;
	}

	private static int packed(int bits, int length) {
		return bits << COUNT_WIDTH | length;
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

}
