package org.fashionmnist.server.tensor;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Writes tensors as a safetensors file: the length of the header as an unsigned 64-bit little-endian
 * integer, the header (a JSON object mapping each name to its {@code dtype}, {@code shape} and
 * {@code data_offsets} within the data), then the raw little-endian data of each tensor. The header
 * is padded with spaces so that the data starts on an 8-byte boundary, and tensors with wider
 * elements come first, so every tensor is aligned for its element type, as the reference writer does.
 */
final class SafetensorsEncoder implements TensorEncoder {

	private static final int ALIGNMENT = 8;

	@Override
	public String version() {
		return "safetensors1";
	}

	@Override
	public String contentType() {
		return "application/octet-stream";
	}

	@Override
	public String fileExtension() {
		return "safetensors";
	}

	@Override
	public long contentLength(List<Tensor> tensors) {
		long length = Long.BYTES + header(dataOrder(tensors)).length;
		for (Tensor tensor : tensors) {
			length += tensor.byteSize();
		}
		return length;
	}

	@Override
	public void write(OutputStream out, List<Tensor> tensors) throws IOException {
		List<Tensor> ordered = dataOrder(tensors);
		byte[] header = header(ordered);
		byte[] prefix = new byte[Long.BYTES];
		for (int i = 0; i < prefix.length; i++) {
			prefix[i] = (byte) ((long) header.length >>> (8 * i));
		}
		out.write(prefix);
		out.write(header);
		for (Tensor tensor : ordered) {
			tensor.writeTo(out);
		}
	}

	private static List<Tensor> dataOrder(List<Tensor> tensors) {
		List<Tensor> ordered = new ArrayList<>(tensors);
		ordered.sort(Comparator.comparingInt((Tensor tensor) -> tensor.dtype().size()).reversed());
		return ordered;
	}

	private static byte[] header(List<Tensor> ordered) {
		StringBuilder json = new StringBuilder(64 + 96 * ordered.size()).append('{');
		long offset = 0;
		for (Tensor tensor : ordered) {
			json.append(json.length() > 1 ? "," : "")
				.append('"').append(tensor.name()).append("\":{\"dtype\":\"").append(tensor.dtype().safetensorsName())
				.append("\",\"shape\":").append(Arrays.toString(tensor.shape()).replace(" ", ""))
				.append(",\"data_offsets\":[").append(offset).append(',').append(offset + tensor.byteSize()).append("]}");
			offset += tensor.byteSize();
		}
		json.append('}');
		while ((Long.BYTES + json.length()) % ALIGNMENT != 0) {
			json.append(' ');
		}
		return json.toString().getBytes(StandardCharsets.US_ASCII);
	}

}
