package org.fashionmnist.server.tensor;

/** The file formats tensors can be written in, each with its encoder. */
public enum TensorFormat {

	NPZ(new NpzEncoder()), SAFETENSORS(new SafetensorsEncoder()), JSON(new JsonTensorEncoder());

	private final TensorEncoder encoder;

	TensorFormat(TensorEncoder encoder) {
		this.encoder = encoder;
	}

	public TensorEncoder encoder() {
		return this.encoder;
	}

}
