package org.fashionmnist.server.tensor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import org.fashionmnist.server.tensor.NpyReader.NpyArray;
import org.fashionmnist.server.tensor.NpyReader.NpyFormatException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class NpyReaderTest {

	@Test
	void readsWhatNpyHeaderWrites() {
		byte[] file = npy(NpyHeader.of("<f4", 2, 784), new byte[2 * 784 * 4]);

		NpyArray array = NpyReader.read(file);

		assertThat(array.descr()).isEqualTo("<f4");
		assertThat(array.type()).isEqualTo("f4");
		assertThat(array.shape()).containsExactly(2, 784);
		assertThat(array.fortranOrder()).isFalse();
		assertThat(array.dataOffset()).isEqualTo(NpyHeader.of("<f4", 2, 784).length);
		assertThat(array.data().order()).isEqualTo(ByteOrder.LITTLE_ENDIAN);
	}

	@Test
	void readsVersion2HeadersAndBigEndianData() {
		String dict = "{'descr': '>f4', 'fortran_order': False, 'shape': (1,), }\n";
		ByteBuffer file = ByteBuffer.allocate(12 + dict.length() + 4).order(ByteOrder.LITTLE_ENDIAN);
		file.put(new byte[] { (byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0 }).putInt(dict.length());
		file.put(dict.getBytes(StandardCharsets.US_ASCII)).order(ByteOrder.BIG_ENDIAN).putFloat(42.5f);

		NpyArray array = NpyReader.read(file.array());

		assertThat(array.shape()).containsExactly(1);
		assertThat(array.data().getFloat(0)).isEqualTo(42.5f);
	}

	@Test
	void refusesDataShorterOrLongerThanTheShape() {
		byte[] header = NpyHeader.of("|u1", 3, 28, 28);

		assertThatExceptionOfType(NpyFormatException.class).isThrownBy(() -> NpyReader.read(npy(header, new byte[784])))
			.withMessage("the header's shape [3, 28, 28] and dtype '|u1' need 2352 bytes of data, found 784");
		assertThatExceptionOfType(NpyFormatException.class).isThrownBy(() -> NpyReader.read(npy(header, new byte[3000])));
	}

	@Test
	void refusesBytesThatAreNotNpy() {
		assertThatExceptionOfType(NpyFormatException.class).isThrownBy(() -> NpyReader.read(new byte[0]))
			.withMessageContaining("found an empty body");
		assertThatExceptionOfType(NpyFormatException.class).isThrownBy(() -> NpyReader.read("PK\3\4 a zip file".getBytes()))
			.withMessageContaining("starts with \\x93NUMPY");
		byte[] cut = Arrays.copyOf(NpyHeader.of("|u1", 1), 20);
		assertThatExceptionOfType(NpyFormatException.class).isThrownBy(() -> NpyReader.read(cut))
			.withMessageContaining("the file ends before");
	}

	@Test
	void refusesStructuredDtypes() {
		String dict = "{'descr': [('x', '<f4')], 'fortran_order': False, 'shape': (1,), }";
		byte[] header = NpyHeader.of("|u1", 1);
		byte[] file = new byte[header.length + 1];
		System.arraycopy(header, 0, file, 0, 10);
		byte[] dictBytes = (dict + " ".repeat(header.length - 11 - dict.length()) + "\n").getBytes(StandardCharsets.US_ASCII);
		System.arraycopy(dictBytes, 0, file, 10, dictBytes.length);

		assertThatExceptionOfType(NpyFormatException.class).isThrownBy(() -> NpyReader.read(file))
			.withMessageContaining("expected a simple dtype");
	}

	static byte[] npy(byte[] header, byte[] data) {
		byte[] file = Arrays.copyOf(header, header.length + data.length);
		System.arraycopy(data, 0, file, header.length, data.length);
		return file;
	}

}
