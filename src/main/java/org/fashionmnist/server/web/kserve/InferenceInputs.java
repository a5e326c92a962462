package org.fashionmnist.server.web.kserve;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.fashionmnist.server.inference.InputTooLargeException;
import org.fashionmnist.server.inference.Instances;
import org.fashionmnist.server.inference.InvalidInputException;
import org.fashionmnist.server.inference.input.TensorData;
import org.fashionmnist.server.web.kserve.InferenceBodies.RequestInputBody;

/**
 * Turns the input tensor of an Open Inference Protocol request into {@link Instances}: the one input
 * {@code input}, {@code UINT8} or {@code FP32} pixel values 0..255 of shape [n,1,28,28] or [n,784], as
 * JSON data or as binary data after the JSON object (Triton's binary tensor data extension).
 */
final class InferenceInputs {

	static final String INPUT = "input";

	static final String UINT8 = "UINT8";

	static final String FP32 = "FP32";

	/** The datatypes the protocol defines; others are not datatypes at all. */
	private static final Set<String> DATATYPES = Set.of("BOOL", "UINT8", "UINT16", "UINT32", "UINT64", "INT8", "INT16",
			"INT32", "INT64", "FP16", "FP32", "FP64", "BF16", "BYTES");

	private static final String SHAPES = "[n, 1, 28, 28] or [n, 784]";

	private InferenceInputs() {
	}

	/**
	 * The images of {@code inputs}.
	 * @param binary the binary part of the body: everything after the JSON object
	 * @param binaryAllowed whether the request announced a binary part ({@code Inference-Header-Content-Length})
	 */
	static Instances read(List<RequestInputBody> inputs, ByteBuffer binary, boolean binaryAllowed, int maxInstances) {
		if (inputs.size() != 1) {
			throw invalid("the model takes one input, '" + INPUT + "'; found " + inputs.size()
					+ (inputs.isEmpty() ? "" : ": " + inputs.stream().map((input) -> "'" + input.name() + "'").collect(Collectors.joining(", "))));
		}
		RequestInputBody input = inputs.get(0);
		if (!INPUT.equals(input.name())) {
			throw invalid("the model has no input '" + input.name() + "'; its one input is '" + INPUT + "'");
		}
		int elementSize = elementSize(input.datatype());
		int count = count(input.shape(), maxInstances);
		long binarySize = binaryDataSize(input);
		if (binarySize >= 0) {
			if (input.data() != null) {
				throw invalid("input '" + INPUT + "' has both \"data\" and the parameter binary_data_size; send one");
			}
			return fromBinary(input, binary, binaryAllowed, binarySize, elementSize, count);
		}
		if (input.data() == null) {
			throw invalid("input '" + INPUT + "' has neither \"data\" nor the parameter binary_data_size");
		}
		if (binary.hasRemaining()) {
			throw invalid(binary.remaining() + " bytes follow the JSON object, but no input has the parameter "
					+ "binary_data_size");
		}
		return fromJson(input, input.data(), count);
	}

	/**
	 * The images of a raw binary request (Triton's {@code Inference-Header-Content-Length: 0}): the whole
	 * body is the one input, as the model metadata describes it, {@code UINT8} [n,1,28,28].
	 */
	static Instances raw(ByteBuffer body, int maxInstances) {
		if (body.remaining() % Instances.PIXELS != 0) {
			throw new InvalidInputException("A raw binary inference request (Inference-Header-Content-Length: 0) holds "
					+ "UINT8 images of 784 bytes each; found " + body.remaining() + " bytes.");
		}
		int count = checkCount(body.remaining() / Instances.PIXELS, maxInstances);
		return pixels(body, UINT8, count);
	}

	private static int elementSize(String datatype) {
		if (UINT8.equals(datatype)) {
			return 1;
		}
		if (FP32.equals(datatype)) {
			return 4;
		}
		if (DATATYPES.contains(datatype)) {
			throw invalid("input '" + INPUT + "' takes datatype UINT8 or FP32 (pixel values 0..255), not " + datatype);
		}
		throw invalid("'" + datatype + "' is not a datatype of the protocol; input '" + INPUT + "' takes UINT8 or FP32");
	}

	/** The number of images that the shape describes. */
	private static int count(long[] shape, int maxInstances) {
		boolean fits = (shape.length == 4 && shape[1] == 1 && shape[2] == Instances.SIDE && shape[3] == Instances.SIDE)
				|| (shape.length == 2 && shape[1] == Instances.PIXELS);
		if (!fits) {
			throw invalid("input '" + INPUT + "' has shape " + Arrays.toString(shape) + "; it takes " + SHAPES);
		}
		if (shape[0] == 0) {
			throw new InvalidInputException("There is nothing to classify: the shape " + Arrays.toString(shape)
					+ " holds no image.");
		}
		return checkCount(shape[0], maxInstances);
	}

	private static int checkCount(long count, int maxInstances) {
		if (count > maxInstances) {
			throw new InputTooLargeException("The input holds " + count + " images, more than the " + maxInstances
					+ " one request may hold; split it into several requests.");
		}
		return (int) count;
	}

	/** The parameter binary_data_size, -1 when not given. */
	private static long binaryDataSize(RequestInputBody input) {
		Object size = input.parameters().get("binary_data_size");
		if (size == null) {
			return -1;
		}
		if (!(size instanceof Integer || size instanceof Long) || ((Number) size).longValue() < 0) {
			throw invalid("the parameter binary_data_size of input '" + INPUT + "' must be an integer from 0 up, found " + size);
		}
		return ((Number) size).longValue();
	}

	private static Instances fromBinary(RequestInputBody input, ByteBuffer binary, boolean binaryAllowed, long size,
			int elementSize, int count) {
		if (!binaryAllowed) {
			throw invalid("input '" + INPUT + "' has the parameter binary_data_size, but the request has no "
					+ "Inference-Header-Content-Length header to say where the JSON object ends and binary data begins");
		}
		long expected = (long) count * Instances.PIXELS * elementSize;
		if (size != expected) {
			throw invalid("binary_data_size of input '" + INPUT + "' is " + size + " bytes, but shape "
					+ Arrays.toString(input.shape()) + " of " + input.datatype() + " takes " + expected);
		}
		if (binary.remaining() != size) {
			throw invalid("binary_data_size of input '" + INPUT + "' is " + size + " bytes, but " + binary.remaining()
					+ " bytes follow the JSON object");
		}
		return pixels(binary, input.datatype(), count);
	}

	private static Instances pixels(ByteBuffer binary, String datatype, int count) {
		float[] pixels = new float[count * Instances.PIXELS];
		if (UINT8.equals(datatype)) {
			for (int i = 0; i < pixels.length; i++) {
				pixels[i] = binary.get(binary.position() + i) & 0xff;
			}
		}
		else {
			binary.slice().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(pixels);
		}
		return new Instances(pixels, count);
	}

	private static Instances fromJson(RequestInputBody input, TensorData data, int count) {
		long expected = (long) count * Instances.PIXELS;
		if (data.count() != expected) {
			throw invalid("input '" + INPUT + "' has shape " + Arrays.toString(input.shape()) + ", which holds " + expected
					+ " elements, but its data holds " + data.count());
		}
		int[] nesting = data.nesting();
		boolean natural = Arrays.equals(Arrays.stream(nesting).asLongStream().toArray(), input.shape());
		if (nesting.length != 1 && !natural) {
			throw invalid("the data of input '" + INPUT + "' is nested as " + Arrays.toString(nesting)
					+ ", which is neither its shape " + Arrays.toString(input.shape()) + " nor a flat list");
		}
		if (UINT8.equals(input.datatype())) {
			checkBytes(data);
		}
		return new Instances(data.values(), count);
	}

	private static void checkBytes(TensorData data) {
		float[] values = data.values();
		for (int i = 0; i < data.count(); i++) {
			float value = values[i];
			if (!(value >= 0 && value <= Instances.MAX_VALUE && value == Math.rint(value))) {
				throw invalid("UINT8 elements are integers from 0 to 255; element " + i + " (0-based, row-major) of input '"
						+ INPUT + "' is " + value);
			}
		}
	}

	private static InvalidInputException invalid(String message) {
		return InferenceRequestJson.invalid(message);
	}

}
