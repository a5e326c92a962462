package org.fashionmnist.server.tensor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the header of a {@code .npy} file held in memory (format versions 1.0, 2.0 and 3.0): the magic
 * string, the header length, and the dict with {@code descr}, {@code fortran_order} and {@code shape}.
 * The data must follow the header and have exactly the length the shape and dtype give.
 */
public final class NpyReader {

	private static final byte[] MAGIC = { (byte) 0x93, 'N', 'U', 'M', 'P', 'Y' };

	private static final Pattern DESCR = Pattern.compile("['\"]descr['\"]\\s*:\\s*['\"]([^'\"]*)['\"]");

	private static final Pattern FORTRAN = Pattern.compile("['\"]fortran_order['\"]\\s*:\\s*(True|False)");

	private static final Pattern SHAPE = Pattern.compile("['\"]shape['\"]\\s*:\\s*\\(([^)]*)\\)");

	private NpyReader() {
	}

	/** A parsed {@code .npy} array: its dtype, shape and where its data starts in the bytes. */
	public record NpyArray(String descr, boolean fortranOrder, long[] shape, byte[] bytes, int dataOffset) {

		public long elements() {
			return Arrays.stream(this.shape).reduce(1, Math::multiplyExact);
		}

		/** The data, little- or big-endian as the dtype says. */
		public ByteBuffer data() {
			ByteOrder order = this.descr.startsWith(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
			return ByteBuffer.wrap(this.bytes, this.dataOffset, this.bytes.length - this.dataOffset).slice().order(order);
		}

		/** The dtype without its byte-order character: {@code u1}, {@code f4}, ... */
		public String type() {
			return (this.descr.isEmpty() || Character.isLetter(this.descr.charAt(0))) ? this.descr : this.descr.substring(1);
		}

	}

	/** Whether the bytes start with the {@code .npy} magic string. */
	public static boolean hasMagic(byte[] bytes) {
		return bytes.length >= MAGIC.length && Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
	}

	/**
	 * Parses the header and checks that the data length matches it.
	 * @throws NpyFormatException when the bytes are not a complete {@code .npy} file
	 */
	public static NpyArray read(byte[] bytes) {
		if (bytes.length < 10 || !hasMagic(bytes)) {
			throw new NpyFormatException("expected a .npy file, which starts with \\x93NUMPY, found "
					+ (bytes.length == 0 ? "an empty body" : "other bytes"));
		}
		int major = bytes[6];
		int headerStart = (major == 1) ? 10 : 12;
		if (major < 1 || major > 3 || bytes.length < headerStart) {
			throw new NpyFormatException("expected .npy format version 1, 2 or 3, found " + major);
		}
		ByteBuffer lengths = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
		long headerLength = (major == 1) ? (lengths.getShort(8) & 0xffff) : (lengths.getInt(8) & 0xffffffffL);
		if (headerStart + headerLength > bytes.length) {
			throw new NpyFormatException("the header says it is " + headerLength + " bytes long, but the file ends before");
		}
		int dataOffset = (int) (headerStart + headerLength);
		String header = new String(bytes, headerStart, (int) headerLength,
				(major == 3) ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
		NpyArray array = new NpyArray(descr(header), fortranOrder(header), shape(header), bytes, dataOffset);
		checkLength(array);
		return array;
	}

	private static String descr(String header) {
		Matcher matcher = DESCR.matcher(header);
		if (!matcher.find()) {
			throw new NpyFormatException("expected a simple dtype such as '|u1' or '<f4' in the header, found " + header.trim());
		}
		return matcher.group(1);
	}

	private static boolean fortranOrder(String header) {
		Matcher matcher = FORTRAN.matcher(header);
		return matcher.find() && matcher.group(1).equals("True");
	}

	private static long[] shape(String header) {
		Matcher matcher = SHAPE.matcher(header);
		if (!matcher.find()) {
			throw new NpyFormatException("expected a shape in the header, found " + header.trim());
		}
		try {
			return Arrays.stream(matcher.group(1).split(","))
				.map(String::trim)
				.filter((dimension) -> !dimension.isEmpty())
				.mapToLong(Long::parseLong)
				.toArray();
		}
		catch (NumberFormatException ex) {
			throw new NpyFormatException("expected a shape of integers, found (" + matcher.group(1) + ")");
		}
	}

	private static void checkLength(NpyArray array) {
		int itemSize = itemSize(array.type());
		if (itemSize < 0) {
			return;
		}
		long expected;
		try {
			expected = Math.multiplyExact(array.elements(), itemSize);
		}
		catch (ArithmeticException ex) {
			throw new NpyFormatException("the shape " + Arrays.toString(array.shape()) + " is too large");
		}
		long found = array.bytes().length - array.dataOffset();
		if (expected != found) {
			throw new NpyFormatException("the header's shape " + Arrays.toString(array.shape()) + " and dtype '"
					+ array.descr() + "' need " + expected + " bytes of data, found " + found);
		}
	}

	/** Bytes per element of a dtype like {@code u1} or {@code f4}, or -1 when the dtype is not a plain number. */
	private static int itemSize(String type) {
		if (type.length() < 2 || "uifb".indexOf(type.charAt(0)) < 0) {
			return -1;
		}
		try {
			return Integer.parseInt(type.substring(1));
		}
		catch (NumberFormatException ex) {
			return -1;
		}
	}

	/** The bytes are not a complete {@code .npy} file. The message says what was expected and found. */
	public static class NpyFormatException extends RuntimeException {

		public NpyFormatException(String message) {
			super(message);
		}

	}

}
