package org.fashionmnist.server.tensor;

/**
 * The CRC-32 (ZIP's, {@link java.util.zip.CRC32}) of a concatenation from the CRC-32s of its parts,
 * without reading their bytes: a stored ZIP member needs its checksum before its data, and a batch's
 * images are rows whose checksums the split knows already (see
 * {@link org.fashionmnist.server.dataset.SplitData#imageCrc32s()}).
 * <p>
 * The arithmetic is zlib's {@code crc32_combine}: appending {@code n} bytes multiplies the checksum of the
 * prefix by x<sup>8n</sup> modulo the CRC polynomial (in the reflected bit order CRC-32 uses), and the
 * checksum of the suffix is added; the initial and final inversions cancel out. Multiplying by a fixed
 * power is linear over GF(2), so for one suffix length it becomes four table look-ups.
 */
public final class Crc32Concatenation {

	/** CRC-32's polynomial, reflected. */
	private static final int POLYNOMIAL = 0xEDB88320;

	/** x<sup>0</sup>, the polynomial 1, in the reflected order. */
	private static final int ONE = 1 << 31;

	/**
	 * x<sup>2<sup>k</sup></sup> mod P for k = 0..31; the sequence repeats after 32 (P is primitive of
	 * degree 32, so x<sup>2<sup>32</sup></sup> = x), as zlib's table does.
	 */
	private static final int[] X_TO_TWO_TO_THE = new int[32];

	static {
		int power = ONE >>> 1; // x^1
		for (int k = 0; k < X_TO_TWO_TO_THE.length; k++) {
			X_TO_TWO_TO_THE[k] = power;
			power = multiply(power, power);
		}
	}

	/** The tables last asked for: a dataset's rows all have one length, so they are rarely rebuilt. */
	private static volatile Crc32Concatenation last;

	private final long suffixLength;

	private final int[] table = new int[4 * 256];

	private Crc32Concatenation(long suffixLength) {
		this.suffixLength = suffixLength;
		int shift = xToThe8n(suffixLength);
		// Linear in the value: 32 products for the single bits, every other entry an XOR of two.
		for (int octet = 0; octet < 4; octet++) {
			int[] table = this.table;
			int base = octet * 256;
			for (int value = 1; value < 256; value++) {
				int lowestBit = value & -value;
				table[base + value] = (value == lowestBit) ? multiply(shift, value << (8 * octet))
						: table[base + lowestBit] ^ table[base + (value ^ lowestBit)];
			}
		}
	}

	/**
	 * For many concatenations whose suffix is always {@code length} bytes long. Building the tables costs
	 * about a thousand products; the last ones built are kept and shared (they never change).
	 */
	public static Crc32Concatenation ofSuffixLength(long length) {
		if (length < 0) {
			throw new IllegalArgumentException("A length cannot be negative: " + length);
		}
		Crc32Concatenation concatenation = last;
		if (concatenation == null || concatenation.suffixLength != length) {
			concatenation = new Crc32Concatenation(length);
			last = concatenation;
		}
		return concatenation;
	}

	public long suffixLength() {
		return this.suffixLength;
	}

	/** The CRC-32 of {@code prefix + suffix} from theirs, the suffix being {@link #suffixLength()} bytes. */
	public int append(int prefixCrc, int suffixCrc) {
		return this.table[prefixCrc & 0xFF] ^ this.table[256 + ((prefixCrc >>> 8) & 0xFF)]
				^ this.table[512 + ((prefixCrc >>> 16) & 0xFF)] ^ this.table[768 + (prefixCrc >>> 24)] ^ suffixCrc;
	}

	/** The CRC-32 of {@code prefix + suffix} from theirs and the suffix's length, for one-off use. */
	public static int concatenate(int prefixCrc, int suffixCrc, long suffixLength) {
		if (suffixLength < 0) {
			throw new IllegalArgumentException("A length cannot be negative: " + suffixLength);
		}
		return multiply(xToThe8n(suffixLength), prefixCrc) ^ suffixCrc;
	}

	/** x<sup>8n</sup> mod P, by squaring: the bits of 8n pick the powers x<sup>2<sup>k</sup></sup>. */
	private static int xToThe8n(long n) {
		int product = ONE;
		long exponentBits = n;
		for (int k = 3; exponentBits != 0; k++, exponentBits >>>= 1) {
			if ((exponentBits & 1) != 0) {
				product = multiply(X_TO_TWO_TO_THE[k & 31], product);
			}
		}
		return product;
	}

	/** a * b mod P over GF(2), reflected bit order (zlib's {@code multmodp}). */
	private static int multiply(int a, int b) {
		int product = 0;
		for (int bit = ONE; a != 0 && bit != 0; bit >>>= 1) {
			if ((a & bit) != 0) {
				product ^= b;
				a ^= bit;
			}
			b = ((b & 1) != 0) ? (b >>> 1) ^ POLYNOMIAL : b >>> 1;
		}
		return product;
	}

}
