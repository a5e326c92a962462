package org.fashionmnist.server.tensor;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Writes tensors as one JSON object with a member per tensor:
 * {@code {"images":{"dtype":"uint8","shape":[2,28,28],"data":[[[0,...],...],...]},...}}. {@code data}
 * nests arrays as the shape does, so {@code numpy.array(data, dtype)} or JavaScript indexing works
 * directly. Integers are written exactly; a float32 as the shortest decimal that Java's
 * {@link Float#toString(float)} gives, which reads back as the same float32.
 */
final class JsonTensorEncoder implements TensorEncoder {

	@Override
	public String version() {
		return "json1";
	}

	@Override
	public String contentType() {
		return "application/json";
	}

	@Override
	public String fileExtension() {
		return "json";
	}

	@Override
	public long contentLength(List<Tensor> tensors) {
		return -1;
	}

	@Override
	public void write(OutputStream out, List<Tensor> tensors) throws IOException {
		JsonValues values = new JsonValues(out);
		values.text("{");
		for (int i = 0; i < tensors.size(); i++) {
			Tensor tensor = tensors.get(i);
			values.text(i == 0 ? "\"" : ",\"").text(tensor.name()).text("\":{\"dtype\":\"").text(tensor.dtype().id())
				.text("\",\"shape\":").text(Arrays.toString(tensor.shape()).replace(" ", ""))
				.text(",\"data\":");
			values.begin(tensor);
			tensor.writeTo(values);
			values.end();
			values.text("}");
		}
		values.text("}");
		values.flushBuffer();
	}

	/**
	 * Receives a tensor's little-endian bytes and writes its elements as JSON numbers, opening and
	 * closing one bracket per dimension at the element where a sub-array starts or ends.
	 */
	private static final class JsonValues extends OutputStream {

		private final OutputStream out;

		private final byte[] buffer = new byte[16 * 1024];

		private int used;

		private DType dtype;

		private long[] shape;

		/** {@code strides[d]}: elements in one sub-array of dimension {@code d}. */
		private long[] strides;

		private long element;

		private long expected;

		private long pending;

		private int pendingBytes;

		JsonValues(OutputStream out) {
			this.out = out;
		}

		void begin(Tensor tensor) throws IOException {
			this.dtype = tensor.dtype();
			this.shape = tensor.shape();
			this.strides = new long[this.shape.length];
			long stride = 1;
			for (int d = this.shape.length - 1; d >= 0; d--) {
				stride *= this.shape[d];
				this.strides[d] = stride;
			}
			this.element = 0;
			this.expected = tensor.elementCount();
			this.pendingBytes = 0;
			if (tensor.elementCount() == 0) {
				emptyArray(0);
			}
		}

		void end() {
			if (this.pendingBytes != 0 || this.element != this.expected) {
				throw new IllegalStateException("A tensor of " + this.expected + " elements wrote " + this.element
						+ " and " + this.pendingBytes + " bytes");
			}
		}

		@Override
		public void write(int b) throws IOException {
			this.pending |= (long) (b & 0xff) << (8 * this.pendingBytes);
			if (++this.pendingBytes == this.dtype.size()) {
				value(this.pending);
				this.pending = 0;
				this.pendingBytes = 0;
			}
		}

		@Override
		public void write(byte[] bytes, int offset, int length) throws IOException {
			for (int i = offset, end = offset + length; i < end; i++) {
				write(bytes[i]);
			}
		}

		private void value(long bits) throws IOException {
			if (this.element > 0) {
				text(",");
			}
			for (long stride : this.strides) {
				if (this.element % stride == 0) {
					text("[");
				}
			}
			text(switch (this.dtype) {
				case UINT8 -> Long.toString(bits & 0xff);
				case FLOAT32 -> Float.toString(Float.intBitsToFloat((int) bits));
				case INT64 -> Long.toString(bits);
			});
			this.element++;
			for (long stride : this.strides) {
				if (this.element % stride == 0) {
					text("]");
				}
			}
		}

		private void emptyArray(int dimension) throws IOException {
			text("[");
			for (long i = 0; i < this.shape[dimension]; i++) {
				text(i == 0 ? "" : ",");
				emptyArray(dimension + 1);
			}
			text("]");
		}

		JsonValues text(String text) throws IOException {
			if (this.used + text.length() > this.buffer.length) {
				flushBuffer();
			}
			byte[] ascii = text.getBytes(StandardCharsets.US_ASCII);
			System.arraycopy(ascii, 0, this.buffer, this.used, ascii.length);
			this.used += ascii.length;
			return this;
		}

		void flushBuffer() throws IOException {
			this.out.write(this.buffer, 0, this.used);
			this.used = 0;
		}

	}

}
