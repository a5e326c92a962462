package org.fashionmnist.server.inference;

/**
 * Counts the values of the initializers (weights) of an ONNX model by walking its protobuf encoding:
 * {@code ModelProto.graph} (field 7), {@code GraphProto.initializer} (field 5) and
 * {@code TensorProto.dims} (field 1). Used when a model comes without a descriptor that states its
 * parameter count.
 */
final class OnnxParameters {

	private static final int VARINT = 0;

	private static final int FIXED64 = 1;

	private static final int LENGTH_DELIMITED = 2;

	private static final int FIXED32 = 5;

	private OnnxParameters() {
	}

	/** The number of parameters, or -1 when the bytes are not a model this walker understands. */
	static long count(byte[] model) {
		try {
			long total = 0;
			Reader graph = new Reader(model, 0, model.length).field(7);
			if (graph == null) {
				return -1;
			}
			for (Reader fields = graph; fields.hasMore();) {
				int key = (int) fields.varint();
				if (key >>> 3 == 5 && (key & 7) == LENGTH_DELIMITED) {
					total += elements(fields.message());
				}
				else {
					fields.skip(key & 7);
				}
			}
			return total;
		}
		catch (RuntimeException ex) {
			return -1;
		}
	}

	private static long elements(Reader tensor) {
		long product = 1;
		while (tensor.hasMore()) {
			int key = (int) tensor.varint();
			if (key >>> 3 == 1 && (key & 7) == VARINT) {
				product *= tensor.varint();
			}
			else if (key >>> 3 == 1 && (key & 7) == LENGTH_DELIMITED) {
				for (Reader packed = tensor.message(); packed.hasMore();) {
					product *= packed.varint();
				}
			}
			else {
				tensor.skip(key & 7);
			}
		}
		return product;
	}

	private static final class Reader {

		private final byte[] bytes;

		private int at;

		private final int end;

		Reader(byte[] bytes, int from, int end) {
			this.bytes = bytes;
			this.at = from;
			this.end = end;
		}

		boolean hasMore() {
			return this.at < this.end;
		}

		/** The content of the first length-delimited field {@code number}, or null. */
		Reader field(int number) {
			while (hasMore()) {
				int key = (int) varint();
				if (key >>> 3 == number && (key & 7) == LENGTH_DELIMITED) {
					return message();
				}
				skip(key & 7);
			}
			return null;
		}

		long varint() {
			long value = 0;
			for (int shift = 0; shift < 64; shift += 7) {
				byte b = this.bytes[this.at++];
				value |= (long) (b & 0x7f) << shift;
				if (b >= 0) {
					return value;
				}
			}
			throw new IllegalArgumentException("varint too long");
		}

		Reader message() {
			int length = Math.toIntExact(varint());
			if (length < 0 || this.at + length > this.end) {
				throw new IllegalArgumentException("field past the end");
			}
			Reader message = new Reader(this.bytes, this.at, this.at + length);
			this.at += length;
			return message;
		}

		void skip(int wireType) {
			switch (wireType) {
				case VARINT -> varint();
				case FIXED64 -> this.at += 8;
				case LENGTH_DELIMITED -> message();
				case FIXED32 -> this.at += 4;
				default -> throw new IllegalArgumentException("wire type " + wireType);
			}
		}

	}

}
