package org.fashionmnist.server.tensor;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The header of a {@code .npy} file, format version 1.0: the magic string {@code \x93NUMPY}, the
 * version bytes 1 and 0, the header length as a little-endian 16-bit integer, then a Python dict
 * literal with {@code descr}, {@code fortran_order} and {@code shape}, padded with spaces and ended
 * by a newline so that the data starts on a 64-byte boundary.
 */
public final class NpyHeader {

	private static final int ALIGNMENT = 64;

	private static final int PREAMBLE = 10;

	private NpyHeader() {
	}

	/**
	 * The header bytes for a C-ordered array.
	 * @param descr the numpy type string, such as {@code |u1}, {@code <f4} or {@code <i8}
	 * @param shape the array's shape, empty for a scalar
	 */
	public static byte[] of(String descr, long... shape) {
		String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + tuple(shape) + ", }";
		int unpadded = PREAMBLE + dict.length() + 1;
		int total = (unpadded + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
		int headerLength = total - PREAMBLE;
		byte[] header = new byte[total];
		byte[] magic = { (byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) headerLength, (byte) (headerLength >>> 8) };
		System.arraycopy(magic, 0, header, 0, PREAMBLE);
		byte[] dictBytes = dict.getBytes(StandardCharsets.US_ASCII);
		System.arraycopy(dictBytes, 0, header, PREAMBLE, dictBytes.length);
		Arrays.fill(header, PREAMBLE + dictBytes.length, total - 1, (byte) ' ');
		header[total - 1] = '\n';
		return header;
	}

	private static String tuple(long[] shape) {
		if (shape.length == 1) {
			return "(" + shape[0] + ",)";
		}
		return Arrays.stream(shape).mapToObj(Long::toString).collect(Collectors.joining(", ", "(", ")"));
	}

}
