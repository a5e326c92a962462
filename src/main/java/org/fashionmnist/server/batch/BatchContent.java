package org.fashionmnist.server.batch;

import java.util.List;

import org.fashionmnist.server.dataset.PixelStats;
import org.fashionmnist.server.dataset.SplitData;
import org.fashionmnist.server.tensor.Tensor;
import org.fashionmnist.server.tensor.Tensors;

/**
 * The three arrays of a batch, read straight from the split in memory: {@code images} (as asked),
 * {@code labels} (uint8 [n]) and {@code indices} (int64 [n], the original split indices).
 *
 * @param pixelType the images' element type
 * @param normalization how pixels become floats; only {@link Normalization#NONE} for uint8
 * @param layout the images' shape
 */
public record BatchContent(PixelType pixelType, Normalization normalization, Layout layout) {

	public BatchContent {
		if (!goTogether(pixelType, normalization)) {
			throw new IllegalArgumentException("uint8 images cannot be normalised");
		}
	}

	/** Whether images of this type can be normalised so: uint8 ones only with {@link Normalization#NONE}. */
	public static boolean goTogether(PixelType pixelType, Normalization normalization) {
		return pixelType != PixelType.UINT8 || normalization == Normalization.NONE;
	}

	/**
	 * The tensors of the items at {@code indices}.
	 * @param trainStats the train split's pixel statistics, for {@link Normalization#STANDARD}
	 */
	public List<Tensor> tensors(SplitData split, int[] indices, PixelStats trainStats) {
		int[] offsets = new int[indices.length];
		byte[] labels = new byte[indices.length];
		byte[] allLabels = split.labelBytes();
		for (int i = 0; i < indices.length; i++) {
			offsets[i] = split.imageOffset(indices[i]);
			labels[i] = allLabels[indices[i]];
		}
		long[] shape = this.layout.shape(indices.length, split.side());
		int rowLength = split.pixelsPerImage();
		Tensor images;
		if (this.pixelType == PixelType.UINT8) {
			images = Tensors.uint8Rows("images", shape, split.imageBytes(), offsets, rowLength,
					() -> gather(split.imageCrc32s(), indices));
		}
		else {
			float[] table = this.normalization.table(trainStats);
			images = Tensors.float32Rows("images", shape, split.imageBytes(), offsets, rowLength, table,
					() -> split.imageCrc32s(table, indices));
		}
		return List.of(images, Tensors.uint8("labels", labels), Tensors.int64("indices", indices));
	}

	/** The items' checksums, for a ZIP member: asked for only by a format that needs them. */
	private static int[] gather(int[] all, int[] indices) {
		int[] crcs = new int[indices.length];
		for (int i = 0; i < indices.length; i++) {
			crcs[i] = all[indices[i]];
		}
		return crcs;
	}

}
