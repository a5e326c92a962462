package org.fashionmnist.server.tensor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.fashionmnist.server.tensor.TensorFiles.Decoded;

import static org.assertj.core.api.Assertions.assertThat;

class SafetensorsEncoderTest extends TensorEncoderContract {

	@Override
	TensorEncoder encoder() {
		return TensorFormat.SAFETENSORS.encoder();
	}

	@Override
	String pinnedVersionAndDigest() {
		return "safetensors1 c05aa6da284457538d461dd22cb1ac8f99e8dd2d040b12cb9d9b377debbdb2bf";
	}

	@Override
	Map<String, Decoded> read(byte[] encoded) {
		return TensorFiles.readSafetensors(encoded);
	}

	@Test
	void padsTheHeaderWithSpacesSoTheDataStartsOnAnEightByteBoundary() throws IOException {
		byte[] file = encode(batchOfThree(table()));
		long headerLength = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getLong();
		String header = new String(file, 8, (int) headerLength, StandardCharsets.UTF_8);
		assertThat((8 + headerLength) % 8).isZero();
		assertThat(header).startsWith("{").matches("(?s)\\{.*\\} *");
	}

	@Test
	void putsWiderElementsFirstSoEveryTensorIsAlignedForItsType() throws IOException {
		byte[] file = encode(batchOfThree(table()));
		long headerLength = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getLong();
		String header = new String(file, 8, (int) headerLength, StandardCharsets.UTF_8).strip();
		assertThat(header).isEqualTo("{\"indices\":{\"dtype\":\"I64\",\"shape\":[3],\"data_offsets\":[0,24]},"
				+ "\"images\":{\"dtype\":\"F32\",\"shape\":[3,1,2,2],\"data_offsets\":[24,72]},"
				+ "\"labels\":{\"dtype\":\"U8\",\"shape\":[3],\"data_offsets\":[72,75]}}");
	}

}
