package org.fashionmnist.server.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads an uncompressed IDX stream: a big-endian header (two zero bytes, a type byte, the number of
 * dimensions, then one 32-bit size per dimension) followed by the data. Only unsigned bytes (type
 * {@code 0x08}) are accepted, and the stream must end exactly where the header says it does.
 */
final class IdxReader {

	static final int UNSIGNED_BYTE = 0x08;

	private IdxReader() {
	}

	/**
	 * Reads an IDX array of unsigned bytes whose trailing dimensions must equal {@code itemShape}.
	 * @param in the uncompressed IDX stream
	 * @param itemShape the shape of one item, empty for labels, {@code {28, 28}} for images
	 * @return the data, one contiguous array, and the number of items
	 * @throws IdxFormatException when the header or the length is not as expected
	 * @throws IOException when the stream cannot be read
	 */
	static IdxArray read(InputStream in, int... itemShape) throws IOException {
		int magic = readInt(in, "the magic number");
		int expectedMagic = (UNSIGNED_BYTE << 8) | (itemShape.length + 1);
		if (magic != expectedMagic) {
			throw new IdxFormatException(String.format("expected IDX magic number 0x%08x (unsigned bytes, %d dimensions), found 0x%08x",
					expectedMagic, itemShape.length + 1, magic));
		}
		int count = readInt(in, "the item count");
		int[] shape = new int[itemShape.length];
		for (int i = 0; i < shape.length; i++) {
			shape[i] = readInt(in, "dimension " + (i + 1));
		}
		if (!Arrays.equals(shape, itemShape)) {
			throw new IdxFormatException("expected items of shape " + Arrays.toString(itemShape) + ", found " + Arrays.toString(shape));
		}
		long length = (long) count * Arrays.stream(itemShape).asLongStream().reduce(1, (a, b) -> a * b);
		if (count < 0 || length > Integer.MAX_VALUE - 8) {
			throw new IdxFormatException("declares " + Integer.toUnsignedString(count) + " items, more than one array can hold");
		}
		byte[] data = new byte[(int) length];
		int read = in.readNBytes(data, 0, data.length);
		if (read < data.length) {
			throw new IdxFormatException("is truncated: the header declares " + count + " items (" + length + " data bytes), found " + read + " data bytes");
		}
		if (in.read() != -1) {
			throw new IdxFormatException("holds more data than the " + count + " items its header declares");
		}
		return new IdxArray(count, data);
	}

	private static int readInt(InputStream in, String what) throws IOException {
		byte[] bytes = in.readNBytes(4);
		if (bytes.length < 4) {
			throw new IdxFormatException("is truncated: it ends inside the IDX header, before " + what);
		}
		return ((bytes[0] & 0xff) << 24) | ((bytes[1] & 0xff) << 16) | ((bytes[2] & 0xff) << 8) | (bytes[3] & 0xff);
	}

	/** An IDX array of {@code count} items stored in one contiguous byte array. */
	record IdxArray(int count, byte[] data) {
	}

	/** The stream is not the IDX array that was expected; the message says how. */
	static final class IdxFormatException extends IOException {

		IdxFormatException(String message) {
			super(message);
		}

	}

}
