package org.fashionmnist.server.tensor;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Readers for the formats the encoders write, written from the format specifications and sharing no
 * code with the encoders, so that a test compares two independent readings of a format.
 */
public final class TensorFiles {

	private static final Pattern NPY_DICT = Pattern
		.compile("\\{'descr': '([<|>][a-z][0-9])', 'fortran_order': (True|False), 'shape': \\(([0-9, ]*)\\), \\} *\n");

	/** Reads JSON numbers as doubles, then narrows them to float32, as numpy and JavaScript readers do. */
	private static final JsonMapper JSON = JsonMapper.builder().build();

	private TensorFiles() {
	}

	/** A tensor as read back: its little-endian, C-ordered data. */
	public record Decoded(String dtype, long[] shape, byte[] data) {

		public ByteBuffer buffer() {
			return ByteBuffer.wrap(this.data).order(ByteOrder.LITTLE_ENDIAN);
		}

		public long[] int64s() {
			long[] values = new long[this.data.length / 8];
			buffer().asLongBuffer().get(values);
			return values;
		}

		public float[] float32s() {
			float[] values = new float[this.data.length / 4];
			buffer().asFloatBuffer().get(values);
			return values;
		}

		@Override
		public String toString() {
			return this.dtype + Arrays.toString(this.shape) + " (" + this.data.length + " bytes)";
		}

	}

	/** The members of an npz archive, in archive order, each read as a .npy file. */
	public static Map<String, Decoded> readNpz(byte[] npz) {
		Map<String, Decoded> tensors = new LinkedHashMap<>();
		try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(npz))) {
			for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
				if (!entry.getName().endsWith(".npy")) {
					throw new IllegalArgumentException("npz member " + entry.getName() + " is not a .npy file");
				}
				byte[] member = zip.readAllBytes(); // checks the CRC-32 at the end of the entry
				tensors.put(entry.getName().substring(0, entry.getName().length() - 4), readNpy(member));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return tensors;
	}

	/** A .npy file of format version 1.0, checked against the format's rules. */
	public static Decoded readNpy(byte[] npy) {
		byte[] magic = { (byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0 };
		if (!Arrays.equals(Arrays.copyOf(npy, 8), magic)) {
			throw new IllegalArgumentException("not a .npy 1.0 file: " + Arrays.toString(Arrays.copyOf(npy, 8)));
		}
		int headerLength = (npy[8] & 0xff) | (npy[9] & 0xff) << 8;
		int dataStart = 10 + headerLength;
		if (dataStart % 64 != 0) {
			throw new IllegalArgumentException("data starts at " + dataStart + ", not on a 64-byte boundary");
		}
		String header = new String(npy, 10, headerLength, StandardCharsets.US_ASCII);
		Matcher dict = NPY_DICT.matcher(header);
		if (!dict.matches() || dict.group(2).equals("True")) {
			throw new IllegalArgumentException("not a C-ordered .npy header: '" + header + "'");
		}
		String dtype = switch (dict.group(1)) {
			case "|u1" -> "uint8";
			case "<f4" -> "float32";
			case "<i8" -> "int64";
			default -> throw new IllegalArgumentException("unexpected descr " + dict.group(1));
		};
		long[] shape = Arrays.stream(dict.group(3).split(","))
			.map(String::trim)
			.filter((dimension) -> !dimension.isEmpty())
			.mapToLong(Long::parseLong)
			.toArray();
		return new Decoded(dtype, shape, Arrays.copyOfRange(npy, dataStart, npy.length));
	}

	/** The tensors of a safetensors file, in header order, checking that offsets tile the data. */
	public static Map<String, Decoded> readSafetensors(byte[] file) {
		ByteBuffer buffer = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
		long headerLength = buffer.getLong(0);
		int dataStart = Math.toIntExact(8 + headerLength);
		JsonNode header = JSON.readTree(new String(file, 8, (int) headerLength, StandardCharsets.UTF_8));
		Map<String, Decoded> tensors = new LinkedHashMap<>();
		List<long[]> ranges = new ArrayList<>();
		for (Map.Entry<String, JsonNode> member : header.properties()) {
			if (member.getKey().equals("__metadata__")) {
				continue;
			}
			JsonNode info = member.getValue();
			String dtype = switch (info.get("dtype").asString()) {
				case "U8" -> "uint8";
				case "F32" -> "float32";
				case "I64" -> "int64";
				default -> throw new IllegalArgumentException("unexpected dtype " + info.get("dtype"));
			};
			long begin = info.get("data_offsets").get(0).longValue();
			long end = info.get("data_offsets").get(1).longValue();
			ranges.add(new long[] { begin, end });
			long[] shape = new long[info.get("shape").size()];
			for (int d = 0; d < shape.length; d++) {
				shape[d] = info.get("shape").get(d).longValue();
			}
			tensors.put(member.getKey(), new Decoded(dtype, shape,
					Arrays.copyOfRange(file, dataStart + (int) begin, dataStart + (int) end)));
		}
		ranges.sort((a, b) -> Long.compare(a[0], b[0]));
		long next = 0;
		for (long[] range : ranges) {
			if (range[0] != next || range[1] < range[0]) {
				throw new IllegalArgumentException("data_offsets leave a gap or overlap at " + next);
			}
			next = range[1];
		}
		if (dataStart + next != file.length) {
			throw new IllegalArgumentException("data is " + (file.length - dataStart) + " bytes, offsets cover " + next);
		}
		return tensors;
	}

	/** The tensors of the JSON format: per member dtype, shape and data nested as the shape says. */
	public static Map<String, Decoded> readJson(byte[] json) {
		JsonNode document = JSON.readTree(json);
		Map<String, Decoded> tensors = new LinkedHashMap<>();
		for (Map.Entry<String, JsonNode> member : document.properties()) {
			String dtype = member.getValue().get("dtype").asString();
			JsonNode shapeNode = member.getValue().get("shape");
			long[] shape = new long[shapeNode.size()];
			for (int d = 0; d < shape.length; d++) {
				shape[d] = shapeNode.get(d).longValue();
			}
			List<JsonNode> values = new ArrayList<>();
			flatten(member.getValue().get("data"), shape, 0, values);
			int size = switch (dtype) {
				case "uint8" -> 1;
				case "float32" -> 4;
				case "int64" -> 8;
				default -> throw new IllegalArgumentException("unexpected dtype " + dtype);
			};
			ByteBuffer data = ByteBuffer.allocate(values.size() * size).order(ByteOrder.LITTLE_ENDIAN);
			for (JsonNode value : values) {
				switch (dtype) {
					case "uint8" -> data.put((byte) checkedUint8(value.intValue()));
					case "float32" -> data.putFloat((float) value.doubleValue());
					default -> data.putLong(value.longValue());
				}
			}
			tensors.put(member.getKey(), new Decoded(dtype, shape, data.array()));
		}
		return tensors;
	}

	private static int checkedUint8(int value) {
		if (value < 0 || value > 255) {
			throw new IllegalArgumentException(value + " is not a uint8");
		}
		return value;
	}

	private static void flatten(JsonNode node, long[] shape, int dimension, List<JsonNode> values) {
		if (dimension == shape.length) {
			if (!node.isNumber()) {
				throw new IllegalArgumentException("expected a number at depth " + dimension + ", found " + node);
			}
			values.add(node);
			return;
		}
		if (!node.isArray() || node.size() != shape[dimension]) {
			throw new IllegalArgumentException("expected an array of " + shape[dimension] + " at depth " + dimension);
		}
		for (JsonNode child : node) {
			flatten(child, shape, dimension + 1, values);
		}
	}

}
