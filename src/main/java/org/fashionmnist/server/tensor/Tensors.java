package org.fashionmnist.server.tensor;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * Tensors over data that is already in memory. None copies its source: each writes it, converted
 * where needed, through a small buffer, so a tensor costs no more memory than its description.
 */
public final class Tensors {

	private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

	private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

	private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

	private static final int BUFFER_SIZE = 32 * 1024;

	private Tensors() {
	}

	/** A one-dimensional {@code uint8} tensor of the given bytes (not copied: do not modify them). */
	public static Tensor uint8(String name, byte[] values) {
		return new Uint8Rows(checkName(name), new long[] { values.length }, values, new int[] { 0 }, values.length, null);
	}

	/** A one-dimensional {@code int64} tensor of the given values, widened. */
	public static Tensor int64(String name, int[] values) {
		return new Int64Values(checkName(name), values);
	}

	/**
	 * A {@code uint8} tensor gathered from rows of {@code source}: row {@code i} is the
	 * {@code rowLength} bytes starting at {@code offsets[i]}; the shape must hold exactly those bytes.
	 */
	public static Tensor uint8Rows(String name, long[] shape, byte[] source, int[] offsets, int rowLength) {
		checkShape(shape, offsets.length, rowLength);
		return new Uint8Rows(checkName(name), shape.clone(), source, offsets, rowLength, null);
	}

	/**
	 * {@link #uint8Rows(String, long[], byte[], int[], int)} whose rows' CRC-32s are known, so the tensor's
	 * {@link Tensor#crc32()} reads no pixel: {@code rowCrc32s} gives them, that of row {@code i} at
	 * {@code [i]}, when the checksum is first needed (only a stored ZIP member needs it). They are trusted,
	 * not checked: they must come from the same bytes (as
	 * {@link org.fashionmnist.server.dataset.SplitData#imageCrc32s()} do).
	 */
	public static Tensor uint8Rows(String name, long[] shape, byte[] source, int[] offsets, int rowLength,
			Supplier<int[]> rowCrc32s) {
		checkShape(shape, offsets.length, rowLength);
		return new Uint8Rows(checkName(name), shape.clone(), source, offsets, rowLength, Objects.requireNonNull(rowCrc32s));
	}

	/**
	 * A {@code float32} tensor gathered like {@link #uint8Rows} whose element for byte value {@code v}
	 * is {@code table[v]}: a 256-entry table turns each pixel into a float without arithmetic.
	 */
	public static Tensor float32Rows(String name, long[] shape, byte[] source, int[] offsets, int rowLength,
			float[] table) {
		return float32Rows(name, shape, source, offsets, rowLength, table, null);
	}

	/**
	 * {@link #float32Rows(String, long[], byte[], int[], int, float[])} whose rows' CRC-32s (of their
	 * float bytes) are known, given like {@link #uint8Rows(String, long[], byte[], int[], int, Supplier)}'s
	 * (as {@link org.fashionmnist.server.dataset.SplitData#imageCrc32s(float[], int[])} gives them): a ZIP
	 * member then converts its pixels once, to send them, not a second time to checksum them.
	 */
	public static Tensor float32Rows(String name, long[] shape, byte[] source, int[] offsets, int rowLength,
			float[] table, Supplier<int[]> rowCrc32s) {
		checkShape(shape, offsets.length, rowLength);
		if (table.length != 256) {
			throw new IllegalArgumentException("A byte-to-float table has 256 entries, not " + table.length);
		}
		int[] bits = new int[256];
		for (int value = 0; value < 256; value++) {
			bits[value] = Float.floatToRawIntBits(table[value]);
		}
		return new Float32Rows(checkName(name), shape.clone(), source, offsets, rowLength, bits, rowCrc32s);
	}

	/** The CRC-32 of rows written one after another, each {@code rowBytes} long, from theirs. */
	private static int joinRowCrc32s(int[] rowCrc32s, int rows, long rowBytes) {
		if (rowCrc32s.length != rows) {
			throw new IllegalStateException(rows + " rows cannot have " + rowCrc32s.length + " checksums");
		}
		Crc32Concatenation row = Crc32Concatenation.ofSuffixLength(rowBytes);
		int crc = 0; // that of no bytes
		for (int rowCrc32 : rowCrc32s) {
			crc = row.append(crc, rowCrc32);
		}
		return crc;
	}

	private static String checkName(String name) {
		if (!NAME.matcher(name).matches()) {
			throw new IllegalArgumentException("A tensor name is 1 to 64 of A-Z, a-z, 0-9, '_', '.', '-', not '" + name + "'");
		}
		return name;
	}

	private static void checkShape(long[] shape, int rows, int rowLength) {
		long count = 1;
		for (long dimension : shape) {
			if (dimension < 0) {
				throw new IllegalArgumentException("A dimension cannot be negative: " + dimension);
			}
			count *= dimension;
		}
		if (count != (long) rows * rowLength) {
			throw new IllegalArgumentException("A shape of " + count + " elements cannot hold " + rows + " rows of " + rowLength);
		}
	}

	private record Uint8Rows(String name, long[] shape, byte[] source, int[] offsets, int rowLength,
			Supplier<int[]> rowCrc32s) implements Tensor {

		@Override
		public DType dtype() {
			return DType.UINT8;
		}

		/** From the rows' checksums when known (no pixel read), else straight from the rows (no copy). */
		@Override
		public int crc32() {
			if (this.rowCrc32s != null) {
				return joinRowCrc32s(this.rowCrc32s.get(), this.offsets.length, this.rowLength);
			}
			CRC32 crc = new CRC32();
			for (int offset : this.offsets) {
				crc.update(this.source, offset, this.rowLength);
			}
			return (int) crc.getValue();
		}

		/** Gathers short rows into one buffer: every write costs a trip through the stream's layers. */
		@Override
		public void writeTo(OutputStream out) throws IOException {
			if (this.rowLength >= BUFFER_SIZE / 4) {
				for (int offset : this.offsets) {
					out.write(this.source, offset, this.rowLength);
				}
				return;
			}
			byte[] buffer = new byte[Math.min(BUFFER_SIZE, this.offsets.length * this.rowLength)];
			int used = 0;
			for (int offset : this.offsets) {
				if (used + this.rowLength > buffer.length) {
					out.write(buffer, 0, used);
					used = 0;
				}
				System.arraycopy(this.source, offset, buffer, used, this.rowLength);
				used += this.rowLength;
			}
			out.write(buffer, 0, used);
		}

	}

	private record Float32Rows(String name, long[] shape, byte[] source, int[] offsets, int rowLength,
			int[] bits, Supplier<int[]> rowCrc32s) implements Tensor {

		@Override
		public DType dtype() {
			return DType.FLOAT32;
		}

		/** From the rows' checksums when known (no pixel converted), else by converting every row. */
		@Override
		public int crc32() throws IOException {
			if (this.rowCrc32s != null) {
				return joinRowCrc32s(this.rowCrc32s.get(), this.offsets.length, (long) this.rowLength * Float.BYTES);
			}
			return Tensor.super.crc32();
		}

		@Override
		public void writeTo(OutputStream out) throws IOException {
			int rowBytes = this.rowLength * Float.BYTES;
			byte[] buffer = new byte[Math.max(BUFFER_SIZE, rowBytes)];
			int used = 0;
			for (int offset : this.offsets) {
				if (used + rowBytes > buffer.length) {
					out.write(buffer, 0, used);
					used = 0;
				}
				for (int i = offset, end = offset + this.rowLength; i < end; i++, used += Float.BYTES) {
					INT_LE.set(buffer, used, this.bits[this.source[i] & 0xff]);
				}
			}
			out.write(buffer, 0, used);
		}

	}

	private record Int64Values(String name, int[] values) implements Tensor {

		@Override
		public DType dtype() {
			return DType.INT64;
		}

		@Override
		public long[] shape() {
			return new long[] { this.values.length };
		}

		@Override
		public void writeTo(OutputStream out) throws IOException {
			byte[] buffer = new byte[Math.min(BUFFER_SIZE, this.values.length * Long.BYTES)];
			int used = 0;
			for (int value : this.values) {
				if (used == buffer.length) {
					out.write(buffer, 0, used);
					used = 0;
				}
				LONG_LE.set(buffer, used, (long) value);
				used += Long.BYTES;
			}
			out.write(buffer, 0, used);
		}

	}

}
