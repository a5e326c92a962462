package org.fashionmnist.server.inference;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a tiny ONNX model in protobuf encoding, without any ONNX library: {@code input} float32
 * [batch,1,28,28] → Flatten → Gemm with a weight matrix [784,10] and a bias [10] → {@code logits} [batch,10].
 * A linear model whose outputs a test can compute by hand.
 */
public final class TinyOnnx {

	private TinyOnnx() {
	}

	/** A model whose logits are {@code bias} plus {@code pixelWeight} times normalised pixel 0 on logit 1. */
	public static Path write(Path file, float[] bias, float pixelWeight) throws IOException {
		float[] weights = new float[784 * 10];
		weights[1] = pixelWeight; // row 0 (pixel 0), column 1 (logit 1)
		Files.write(file, model(weights, bias));
		return file;
	}

	static byte[] model(float[] weights, float[] bias) {
		Proto graph = new Proto().message(1, node("Flatten", "flatten", new String[] { "input" }, "flat", "axis", 1))
			.message(1, node("Gemm", "gemm", new String[] { "flat", "W", "B" }, "logits", null, 0))
			.string(2, "tiny")
			.message(5, tensor("W", weights, 784, 10))
			.message(5, tensor("B", bias, 10))
			.message(11, valueInfo("input", -1, 1, 28, 28))
			.message(12, valueInfo("logits", -1, 10));
		return new Proto().varint(1, 8)
			.string(2, "fashion-mnist-server tests")
			.message(7, graph)
			.message(8, new Proto().string(1, "").varint(2, 17))
			.bytes();
	}

	private static Proto node(String op, String name, String[] inputs, String output, String attribute, long value) {
		Proto node = new Proto();
		for (String input : inputs) {
			node.string(1, input);
		}
		node.string(2, output).string(3, name).string(4, op);
		if (attribute != null) {
			node.message(5, new Proto().string(1, attribute).varint(3, value).varint(20, 2));
		}
		return node;
	}

	private static Proto tensor(String name, float[] values, long... dims) {
		Proto tensor = new Proto();
		for (long dim : dims) {
			tensor.varint(1, dim);
		}
		ByteBuffer raw = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
		raw.asFloatBuffer().put(values);
		return tensor.varint(2, 1).string(8, name).raw(9, raw.array());
	}

	/** A float tensor value; a negative dimension is the dynamic batch dimension. */
	private static Proto valueInfo(String name, long... dims) {
		Proto shape = new Proto();
		for (long dim : dims) {
			shape.message(1, (dim < 0) ? new Proto().string(2, "batch") : new Proto().varint(1, dim));
		}
		Proto tensorType = new Proto().varint(1, 1).message(2, shape);
		return new Proto().string(1, name).message(2, new Proto().message(1, tensorType));
	}

	/** Just enough of the protobuf wire format. */
	private static final class Proto {

		private final ByteArrayOutputStream out = new ByteArrayOutputStream();

		Proto varint(int field, long value) {
			key(field, 0);
			writeVarint(value);
			return this;
		}

		Proto string(int field, String value) {
			return raw(field, value.getBytes(StandardCharsets.UTF_8));
		}

		Proto message(int field, Proto message) {
			return raw(field, message.bytes());
		}

		Proto raw(int field, byte[] bytes) {
			key(field, 2);
			writeVarint(bytes.length);
			this.out.writeBytes(bytes);
			return this;
		}

		byte[] bytes() {
			return this.out.toByteArray();
		}

		private void key(int field, int wireType) {
			writeVarint(((long) field << 3) | wireType);
		}

		private void writeVarint(long value) {
			long v = value;
			while ((v & ~0x7fL) != 0) {
				this.out.write((int) ((v & 0x7f) | 0x80));
				v >>>= 7;
			}
			this.out.write((int) v);
		}

	}

}
