package org.fashionmnist.server.dataset;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import java.util.zip.CRC32;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The per-image checksums a split keeps for batches stored in ZIP files. */
class SplitDataTest {

	private static final int SIDE = 28;

	private final SplitData split;

	SplitDataTest() {
		byte[] images = new byte[20 * SIDE * SIDE];
		new Random(11).nextBytes(images);
		this.split = new SplitData(Split.TEST, SIDE, images, new byte[20], 10);
	}

	@Test
	void imageChecksumsAreThoseOfThePixels() {
		int[] crcs = this.split.imageCrc32s();
		assertThat(crcs).hasSize(20);
		for (int index = 0; index < crcs.length; index++) {
			CRC32 crc = new CRC32();
			crc.update(this.split.imageBytes(), this.split.imageOffset(index), SIDE * SIDE);
			assertThat(crcs[index]).as("image %d", index).isEqualTo((int) crc.getValue());
		}
	}

	@Test
	void floatImageChecksumsAreThoseOfTheLittleEndianFloats() {
		float[] table = table(72.94f, 90.02f);
		int[] indices = { 3, 0, 19, 3, 7 };
		// Asked twice, in other orders: the second answer comes from the checksums kept by the first.
		assertFloatChecksums(table, indices, this.split.imageCrc32s(table, indices));
		assertFloatChecksums(table, new int[] { 7, 3, 12 }, this.split.imageCrc32s(table, new int[] { 7, 3, 12 }));
		// Another table's are its own, not the first one's kept values.
		float[] unit = table(0, 255);
		assertFloatChecksums(unit, indices, this.split.imageCrc32s(unit, indices));
		assertThat(this.split.imageCrc32s(unit, indices)).isNotEqualTo(this.split.imageCrc32s(table, indices));
		assertThat(this.split.imageCrc32s(table, new int[0])).isEmpty();
	}

	private void assertFloatChecksums(float[] table, int[] indices, int[] crcs) {
		assertThat(crcs).hasSameSizeAs(indices);
		for (int i = 0; i < indices.length; i++) {
			ByteBuffer floats = ByteBuffer.allocate(SIDE * SIDE * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
			for (int pixel = 0; pixel < SIDE * SIDE; pixel++) {
				floats.putFloat(table[this.split.imageBytes()[this.split.imageOffset(indices[i]) + pixel] & 0xff]);
			}
			CRC32 crc = new CRC32();
			crc.update(floats.array());
			assertThat(crcs[i]).as("image %d", indices[i]).isEqualTo((int) crc.getValue());
		}
	}

	@Test
	void refusesATableOfOtherThan256Values() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.split.imageCrc32s(new float[255], new int[] { 0 }))
			.withMessageContaining("256 entries, not 255");
	}

	private static float[] table(float mean, float std) {
		float[] table = new float[256];
		for (int value = 0; value < table.length; value++) {
			table[value] = (value - mean) / std;
		}
		return table;
	}

}
