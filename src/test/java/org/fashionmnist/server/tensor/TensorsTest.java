package org.fashionmnist.server.tensor;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** Each kind of tensor's checksum is that of the bytes it writes. */
class TensorsTest {

	private static final int ROW = 784;

	private final byte[] source = new byte[50 * ROW];

	private final int[] offsets = { 7 * ROW, 0, 49 * ROW, 7 * ROW, 13 * ROW };

	TensorsTest() {
		new Random(7).nextBytes(this.source);
	}

	@Test
	void uint8RowsChecksumTheRowsTheyWrite() throws IOException {
		assertChecksumOfWrittenBytes(Tensors.uint8Rows("images", new long[] { 5, 28, 28 }, this.source, this.offsets, ROW));
	}

	@Test
	void uint8RowsWithKnownRowChecksumsJoinThem() throws IOException {
		int[] rowCrcs = new int[this.offsets.length];
		for (int i = 0; i < rowCrcs.length; i++) {
			CRC32 crc = new CRC32();
			crc.update(this.source, this.offsets[i], ROW);
			rowCrcs[i] = (int) crc.getValue();
		}
		assertChecksumOfWrittenBytes(Tensors.uint8Rows("images", new long[] { 5, ROW }, this.source, this.offsets, ROW, () -> rowCrcs));
		assertChecksumOfWrittenBytes(Tensors.uint8Rows("images", new long[] { 0, ROW }, this.source, new int[0], ROW, () -> new int[0]));
		// Another row length, then the first again: the joining tables follow the length.
		int[] shortRowCrcs = new int[this.offsets.length];
		for (int i = 0; i < shortRowCrcs.length; i++) {
			CRC32 crc = new CRC32();
			crc.update(this.source, this.offsets[i], 100);
			shortRowCrcs[i] = (int) crc.getValue();
		}
		assertChecksumOfWrittenBytes(Tensors.uint8Rows("rows", new long[] { 5, 100 }, this.source, this.offsets, 100, () -> shortRowCrcs));
		assertChecksumOfWrittenBytes(Tensors.uint8Rows("images", new long[] { 5, ROW }, this.source, this.offsets, ROW, () -> rowCrcs));
	}

	@Test
	void otherTensorsChecksumWhatTheyWrite() throws IOException {
		assertChecksumOfWrittenBytes(
				Tensors.float32Rows("images", new long[] { 5, 1, 28, 28 }, this.source, this.offsets, ROW, standardisingTable()));
		assertChecksumOfWrittenBytes(Tensors.uint8("labels", new byte[] { 9, 0, 3 }));
		assertChecksumOfWrittenBytes(Tensors.int64("indices", new int[] { 59_999, 0, 12 }));
		assertChecksumOfWrittenBytes(Tensors.uint8("labels", new byte[0]));
	}

	@Test
	void float32RowsWithKnownRowChecksumsJoinThem() throws IOException {
		float[] table = standardisingTable();
		int[] rowCrcs = new int[this.offsets.length];
		for (int i = 0; i < rowCrcs.length; i++) {
			ByteArrayOutputStream row = new ByteArrayOutputStream();
			Tensors.float32Rows("row", new long[] { ROW }, this.source, new int[] { this.offsets[i] }, ROW, table).writeTo(row);
			CRC32 crc = new CRC32();
			crc.update(row.toByteArray());
			rowCrcs[i] = (int) crc.getValue();
		}
		assertChecksumOfWrittenBytes(
				Tensors.float32Rows("images", new long[] { 5, 1, 28, 28 }, this.source, this.offsets, ROW, table, () -> rowCrcs));
	}

	@Test
	void knownRowChecksumsAreAskedForOnlyWhenTheChecksumIs() throws IOException {
		AtomicInteger asked = new AtomicInteger();
		Tensor images = Tensors.float32Rows("images", new long[] { 5, ROW }, this.source, this.offsets, ROW,
				standardisingTable(), () -> {
					asked.incrementAndGet();
					return new int[5];
				});
		images.writeTo(OutputStream.nullOutputStream());
		assertThat(asked).as("asked while writing").hasValue(0);
		images.crc32();
		assertThat(asked).as("asked for the checksum").hasValue(1);
	}

	@Test
	void refusesAChecksumCountOtherThanTheRowCount() {
		Tensor images = Tensors.uint8Rows("images", new long[] { 5, ROW }, this.source, this.offsets, ROW, () -> new int[4]);
		assertThatIllegalStateException().isThrownBy(images::crc32).withMessageContaining("5 rows cannot have 4 checksums");
	}

	private static float[] standardisingTable() {
		float[] table = new float[256];
		for (int i = 0; i < table.length; i++) {
			table[i] = (i - 72.94f) / 90.02f;
		}
		return table;
	}

	private static void assertChecksumOfWrittenBytes(Tensor tensor) throws IOException {
		ByteArrayOutputStream written = new ByteArrayOutputStream();
		tensor.writeTo(written);
		CRC32 crc = new CRC32();
		crc.update(written.toByteArray());
		assertThat(written.size()).isEqualTo(tensor.byteSize());
		assertThat(tensor.crc32()).as(tensor.name()).isEqualTo((int) crc.getValue());
	}

}
