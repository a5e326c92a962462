package org.fashionmnist.server.tensor;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.fashionmnist.server.tensor.TensorFiles.Decoded;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link TensorEncoder} must do, checked by reading its output back with an independent
 * reader of the format. Each encoder's test class extends this one.
 */
abstract class TensorEncoderContract {

	/** Two 2x2 "images" of 4 pixels each and the rows they are gathered from. */
	static final byte[] SOURCE = { 0, 1, 2, 3, (byte) 255, (byte) 128, 7, 8, 9, 10, 11, 12 };

	static final int[] OFFSETS = { 4, 0, 8 };

	abstract TensorEncoder encoder();

	abstract Map<String, Decoded> read(byte[] encoded);

	/**
	 * The encoder's version and the SHA-256 of its encoding of {@link #batchOfThree}: entity tags name
	 * the version, so bytes that change under the same version would let caches keep stale batches.
	 */
	abstract String pinnedVersionAndDigest();

	byte[] encode(List<Tensor> tensors) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		encoder().write(out, tensors);
		return out.toByteArray();
	}

	static List<Tensor> batchOfThree(float[] table) {
		return List.of(Tensors.float32Rows("images", new long[] { 3, 1, 2, 2 }, SOURCE, OFFSETS, 4, table),
				Tensors.uint8("labels", new byte[] { 9, 0, (byte) 200 }), Tensors.int64("indices", new int[] { 59999, 0, -1 }));
	}

	static float[] table() {
		float[] table = new float[256];
		for (int v = 0; v < 256; v++) {
			table[v] = (v - 100) / 3.0f;
		}
		table[0] = -0.0f;
		table[1] = Float.MIN_VALUE;
		table[2] = Float.MAX_VALUE;
		table[3] = 1e-7f;
		table[255] = -0.8102577f;
		return table;
	}

	@Test
	void readsBackEveryTensorWithItsDtypeShapeAndValues() throws IOException {
		float[] table = table();
		Map<String, Decoded> tensors = read(encode(batchOfThree(table)));

		assertThat(tensors).containsOnlyKeys("images", "labels", "indices");
		Decoded images = tensors.get("images");
		assertThat(images.dtype()).isEqualTo("float32");
		assertThat(images.shape()).containsExactly(3, 1, 2, 2);
		ByteBuffer expected = ByteBuffer.allocate(48).order(ByteOrder.LITTLE_ENDIAN);
		for (int offset : OFFSETS) {
			for (int i = 0; i < 4; i++) {
				expected.putFloat(table[SOURCE[offset + i] & 0xff]);
			}
		}
		assertThat(images.data()).isEqualTo(expected.array());
		assertThat(tensors.get("labels").dtype()).isEqualTo("uint8");
		assertThat(tensors.get("labels").shape()).containsExactly(3);
		assertThat(tensors.get("labels").data()).containsExactly(9, 0, 200);
		assertThat(tensors.get("indices").dtype()).isEqualTo("int64");
		assertThat(tensors.get("indices").int64s()).containsExactly(59999, 0, -1);
	}

	@Test
	void keepsFloatsBitForBit() throws IOException {
		float[] table = table();
		float[] read = read(encode(batchOfThree(table))).get("images").float32s();
		assertThat(Float.floatToRawIntBits(read[4])).isEqualTo(Float.floatToRawIntBits(-0.0f));
		assertThat(read[5]).isEqualTo(Float.MIN_VALUE);
		assertThat(read[6]).isEqualTo(Float.MAX_VALUE);
		assertThat(read[7]).isEqualTo(1e-7f);
		assertThat(read[0]).isEqualTo(-0.8102577f);
	}

	@Test
	void readsBackGatheredUint8RowsInEveryShape() throws IOException {
		for (long[] shape : List.of(new long[] { 3, 2, 2 }, new long[] { 3, 1, 2, 2 }, new long[] { 3, 2, 2, 1 }, new long[] { 3, 4 })) {
			Decoded images = read(encode(List.of(Tensors.uint8Rows("images", shape, SOURCE, OFFSETS, 4)))).get("images");
			assertThat(images.dtype()).isEqualTo("uint8");
			assertThat(images.shape()).isEqualTo(shape);
			assertThat(images.data()).containsExactly(255, 128, 7, 8, 0, 1, 2, 3, 9, 10, 11, 12);
		}
	}

	@Test
	void writesExactlyTheLengthItDeclares() throws IOException {
		List<List<Tensor>> cases = List.of(batchOfThree(table()), List.of(Tensors.uint8("labels", new byte[0])),
				List.of(Tensors.uint8Rows("images", new long[] { 3, 2, 2 }, SOURCE, OFFSETS, 4)));
		for (List<Tensor> tensors : cases) {
			long declared = encoder().contentLength(tensors);
			if (declared >= 0) {
				assertThat(encode(tensors)).hasSize((int) declared);
			}
		}
	}

	@Test
	void givesTheSameBytesForTheSameTensors() throws IOException {
		assertThat(encode(batchOfThree(table()))).isEqualTo(encode(batchOfThree(table())));
	}

	@Test
	void writesEmptyTensors() throws IOException {
		Map<String, Decoded> tensors = read(encode(List.of(
				Tensors.uint8Rows("images", new long[] { 0, 28, 28 }, SOURCE, new int[0], 784),
				Tensors.int64("indices", new int[0]))));
		assertThat(tensors.get("images").shape()).containsExactly(0, 28, 28);
		assertThat(tensors.get("images").data()).isEmpty();
		assertThat(tensors.get("indices").shape()).containsExactly(0);
	}

	@Test
	void leavesTheStreamOpen() throws IOException {
		boolean[] closed = { false };
		ByteArrayOutputStream out = new ByteArrayOutputStream() {
			@Override
			public void close() {
				closed[0] = true;
			}
		};
		encoder().write(out, batchOfThree(table()));
		assertThat(closed[0]).isFalse();
		assertThat(out.size()).isPositive();
	}

	@Test
	void writesTheBytesItsVersionNames() throws IOException, NoSuchAlgorithmException {
		String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(encode(batchOfThree(table()))));

		assertThat(encoder().version() + " " + digest)
			.as("if the bytes changed, give the encoder a new version() and pin it with the new digest")
			.isEqualTo(pinnedVersionAndDigest());
	}

	@Test
	void namesItsMediaTypeAndExtension() {
		assertThat(encoder().contentType()).matches("application/[a-z-]+");
		assertThat(encoder().fileExtension()).matches("[a-z]+");
	}

}
