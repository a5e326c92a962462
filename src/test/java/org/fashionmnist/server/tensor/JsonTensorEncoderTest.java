package org.fashionmnist.server.tensor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.fashionmnist.server.tensor.TensorFiles.Decoded;

import static org.assertj.core.api.Assertions.assertThat;

class JsonTensorEncoderTest extends TensorEncoderContract {

	@Override
	TensorEncoder encoder() {
		return TensorFormat.JSON.encoder();
	}

	@Override
	String pinnedVersionAndDigest() {
		return "json1 1cf5162bfe55a317f0269c339b509fb7a812f769564ccfeb14fa1f8fdca47151";
	}

	@Override
	Map<String, Decoded> read(byte[] encoded) {
		return TensorFiles.readJson(encoded);
	}

	@Test
	void nestsTheDataAsTheShapeDoes() throws IOException {
		byte[] json = encode(List.of(Tensors.uint8Rows("m", new long[] { 2, 1, 2 }, SOURCE, new int[] { 0, 4 }, 2),
				Tensors.int64("i", new int[] { 7 })));
		assertThat(new String(json, StandardCharsets.UTF_8)).isEqualTo(
				"{\"m\":{\"dtype\":\"uint8\",\"shape\":[2,1,2],\"data\":[[[0,1]],[[255,128]]]},"
						+ "\"i\":{\"dtype\":\"int64\",\"shape\":[1],\"data\":[7]}}");
	}

	@Test
	void writesEmptyDimensionsAsEmptyArrays() throws IOException {
		byte[] json = encode(List.of(Tensors.uint8Rows("m", new long[] { 2, 0 }, SOURCE, new int[] { 0, 4 }, 0)));
		assertThat(new String(json, StandardCharsets.UTF_8)).isEqualTo("{\"m\":{\"dtype\":\"uint8\",\"shape\":[2,0],\"data\":[[],[]]}}");
	}

}
