package org.fashionmnist.server.dataset;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
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

	@Test
	void meanImageRoundsToTheNearestLevelAndHalvesToTheEvenOneAsNumpyRint() {
		// Labels 0, 0, 1, 1, 1: two images of label 0 and three of label 1, 2x2 pixels each.
		byte[] images = {
				1, 2, 3, (byte) 255,
				2, 3, 4, (byte) 254,
				0, 0, 10, 1,
				0, 1, 10, 1,
				1, 1, 11, 1 };
		SplitData tiny = new SplitData(Split.TRAIN, 2, images, new byte[] { 0, 0, 1, 1, 1 }, 10);
		// 1.5 -> 2, 2.5 -> 2, 3.5 -> 4, 254.5 -> 254
		assertThat(tiny.meanImage(LabelSet.of(List.of(0)))).containsExactly(2, 2, 4, (byte) 254);
		// 1/3 -> 0, 2/3 -> 1, 31/3 -> 10, 1 -> 1
		assertThat(tiny.meanImage(LabelSet.of(List.of(1)))).containsExactly(0, 1, 10, 1);
		// all five: 4/5 -> 1, 7/5 -> 1, 38/5 -> 8, 512/5 = 102.4 -> 102
		assertThat(tiny.meanImage(LabelSet.all())).containsExactly(1, 1, 8, 102);
		assertThat(tiny.meanImage(LabelSet.of(List.of(7)))).as("no image: black").containsExactly(0, 0, 0, 0);
		assertThat(tiny.meanImage(LabelSet.all())).as("computed once").isSameAs(tiny.meanImage(LabelSet.all()));
	}

}
