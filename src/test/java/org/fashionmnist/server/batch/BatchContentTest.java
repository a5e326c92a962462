package org.fashionmnist.server.batch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.fashionmnist.server.dataset.PixelStats;
import org.fashionmnist.server.dataset.SplitData;
import org.fashionmnist.server.dataset.SplitFixtures;
import org.fashionmnist.server.tensor.DType;
import org.fashionmnist.server.tensor.Tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class BatchContentTest {

	private static final PixelStats STATS = new PixelStats(0.2860, 0.3530);

	private final SplitData split = SplitFixtures.withLabels(3, 1, 4, 1, 5, 9, 2, 6);

	private static byte[] bytes(Tensor tensor) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		tensor.writeTo(out);
		assertThat(out.size()).isEqualTo(tensor.byteSize());
		return out.toByteArray();
	}

	@Test
	void holdsImagesLabelsAndIndicesOfTheGivenItems() throws IOException {
		List<Tensor> tensors = new BatchContent(PixelType.UINT8, Normalization.NONE, Layout.NHW).tensors(this.split,
				new int[] { 5, 0, 7 }, STATS);
		assertThat(tensors).extracting(Tensor::name).containsExactly("images", "labels", "indices");
		assertThat(tensors.get(0).shape()).containsExactly(3, 2, 2);
		assertThat(bytes(tensors.get(0))).containsExactly(5, 5, 5, 5, 0, 0, 0, 0, 7, 7, 7, 7);
		assertThat(bytes(tensors.get(1))).containsExactly(9, 3, 6);
		assertThat(tensors.get(2).dtype()).isEqualTo(DType.INT64);
		assertThat(ByteBuffer.wrap(bytes(tensors.get(2))).order(ByteOrder.LITTLE_ENDIAN).getLong(8)).isZero();
	}

	@Test
	void normalisesFloatsWithTheDocumentedFormulas() throws IOException {
		for (Normalization normalization : Normalization.values()) {
			Tensor images = new BatchContent(PixelType.FLOAT32, normalization, Layout.FLAT)
				.tensors(this.split, new int[] { 7 }, STATS)
				.get(0);
			assertThat(images.shape()).containsExactly(1, 4);
			float value = ByteBuffer.wrap(bytes(images)).order(ByteOrder.LITTLE_ENDIAN).getFloat(0);
			float expected = switch (normalization) {
				case NONE -> 7f;
				case UNIT -> (float) (7 / 255.0);
				case STANDARD -> (float) ((7 / 255.0 - 0.2860) / 0.3530);
			};
			assertThat(value).isEqualTo(expected);
		}
	}

	@Test
	void givesEveryLayoutItsShape() {
		assertThat(Layout.NHW.shape(5, 28)).containsExactly(5, 28, 28);
		assertThat(Layout.NCHW.shape(5, 28)).containsExactly(5, 1, 28, 28);
		assertThat(Layout.NHWC.shape(5, 28)).containsExactly(5, 28, 28, 1);
		assertThat(Layout.FLAT.shape(5, 28)).containsExactly(5, 784);
	}

	@Test
	void refusesToNormaliseUint8() {
		assertThatIllegalArgumentException().isThrownBy(() -> new BatchContent(PixelType.UINT8, Normalization.UNIT, Layout.NHW));
	}

}
