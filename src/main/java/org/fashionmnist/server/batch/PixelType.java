package org.fashionmnist.server.batch;

import org.fashionmnist.server.tensor.DType;

/** The element type of a batch's images. */
public enum PixelType {

	/** The stored bytes, 0..255. */
	UINT8(DType.UINT8),

	/** 32-bit floats, normalised as asked. */
	FLOAT32(DType.FLOAT32);

	private final DType dtype;

	PixelType(DType dtype) {
		this.dtype = dtype;
	}

	public DType dtype() {
		return this.dtype;
	}

}
