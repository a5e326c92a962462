package org.fashionmnist.server.tensor;

/** The element types a tensor can have, with their names in each format this server writes. */
public enum DType {

	UINT8("uint8", 1, "|u1", "U8"), FLOAT32("float32", 4, "<f4", "F32"), INT64("int64", 8, "<i8", "I64");

	private final String id;

	private final int size;

	private final String npyDescr;

	private final String safetensorsName;

	DType(String id, int size, String npyDescr, String safetensorsName) {
		this.id = id;
		this.size = size;
		this.npyDescr = npyDescr;
		this.safetensorsName = safetensorsName;
	}

	/** The numpy name, as in {@code numpy.dtype(id)}; also used in JSON. */
	public String id() {
		return this.id;
	}

	/** Bytes per element. */
	public int size() {
		return this.size;
	}

	/** The {@code descr} of a {@code .npy} header: byte order and type code. */
	public String npyDescr() {
		return this.npyDescr;
	}

	/** The {@code dtype} of a safetensors header. */
	public String safetensorsName() {
		return this.safetensorsName;
	}

}
