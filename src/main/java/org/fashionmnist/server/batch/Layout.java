package org.fashionmnist.server.batch;

/**
 * The shape of a batch of n square images of side s. Every layout has the same bytes in the same
 * order (one channel makes channels-first and channels-last identical); only the shape differs.
 */
public enum Layout {

	/** [n, s, s], like {@code images.npy}. */
	NHW,

	/** [n, 1, s, s], what PyTorch's convolutions take. */
	NCHW,

	/** [n, s, s, 1], what Keras and TensorFlow take. */
	NHWC,

	/** [n, s*s], for linear models. */
	FLAT;

	public long[] shape(int count, int side) {
		return switch (this) {
			case NHW -> new long[] { count, side, side };
			case NCHW -> new long[] { count, 1, side, side };
			case NHWC -> new long[] { count, side, side, 1 };
			case FLAT -> new long[] { count, (long) side * side };
		};
	}

}
