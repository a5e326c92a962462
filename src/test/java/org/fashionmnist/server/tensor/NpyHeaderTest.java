package org.fashionmnist.server.tensor;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class NpyHeaderTest {

	@ParameterizedTest
	@CsvSource(delimiter = ';', value = { "|u1;60000,28,28;(60000, 28, 28)", "<f4;256,1,28,28;(256, 1, 28, 28)",
			"<i8;7;(7,)", "|u1;0;(0,)" })
	void headerIsAPaddedPythonDictEndingOnA64ByteBoundary(String descr, String dims, String tuple) {
		long[] shape = java.util.Arrays.stream(dims.split(",")).mapToLong(Long::parseLong).toArray();

		byte[] header = NpyHeader.of(descr, shape);

		assertThat(header.length % 64).isZero();
		assertThat(header[0]).isEqualTo((byte) 0x93);
		assertThat(new String(header, 1, 5, StandardCharsets.US_ASCII)).isEqualTo("NUMPY");
		assertThat(header[6]).isEqualTo((byte) 1);
		assertThat(header[7]).isEqualTo((byte) 0);
		assertThat((header[8] & 0xff) | (header[9] & 0xff) << 8).isEqualTo(header.length - 10);
		String dict = new String(header, 10, header.length - 10, StandardCharsets.US_ASCII);
		assertThat(dict).startsWith("{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + tuple + ", }")
			.endsWith(" \n");
	}

}
