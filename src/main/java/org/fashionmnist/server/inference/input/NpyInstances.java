package org.fashionmnist.server.inference.input;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.stream.Collectors;

import org.fashionmnist.server.inference.InputTooLargeException;
import org.fashionmnist.server.inference.Instances;
import org.fashionmnist.server.inference.InvalidInputException;
import org.fashionmnist.server.tensor.NpyReader;
import org.fashionmnist.server.tensor.NpyReader.NpyArray;
import org.fashionmnist.server.tensor.NpyReader.NpyFormatException;

/** Reads a {@code .npy} body of shape [n,28,28], [n,784] or [n,1,28,28], dtype uint8 or float32. */
public final class NpyInstances {

	private static final String SHAPES = "(n, 28, 28), (n, 784) or (n, 1, 28, 28)";

	private NpyInstances() {
	}

	public static Instances read(byte[] body, int maxInstances) {
		NpyArray array;
		try {
			array = NpyReader.read(body);
		}
		catch (NpyFormatException ex) {
			throw new InvalidInputException("The body is not a valid .npy file: " + ex.getMessage() + ".");
		}
		String type = array.type();
		if (!type.equals("u1") && !type.equals("f4")) {
			throw new InvalidInputException("The .npy dtype '" + array.descr() + "' is not supported: send uint8 ('|u1') "
					+ "or float32 ('<f4') pixel values 0..255, for example x.astype(np.uint8).");
		}
		if (array.fortranOrder() && array.shape().length > 1) {
			throw new InvalidInputException("The .npy array is in Fortran order: send a C-ordered array, for example "
					+ "np.ascontiguousarray(x).");
		}
		int count = count(array.shape(), maxInstances);
		return new Instances(pixels(array, type, count), count);
	}

	private static int count(long[] shape, int maxInstances) {
		boolean image = (shape.length == 3 && shape[1] == Instances.SIDE && shape[2] == Instances.SIDE)
				|| (shape.length == 2 && shape[1] == Instances.PIXELS)
				|| (shape.length == 4 && shape[1] == 1 && shape[2] == Instances.SIDE && shape[3] == Instances.SIDE);
		if (!image) {
			throw new InvalidInputException("The .npy shape " + tuple(shape) + " is not supported: expected " + SHAPES + ".");
		}
		if (shape[0] > maxInstances) {
			throw new InputTooLargeException("The .npy array holds " + shape[0] + " images, more than the " + maxInstances
					+ " one request may hold; split it into several requests.");
		}
		return (int) shape[0];
	}

	private static float[] pixels(NpyArray array, String type, int count) {
		float[] pixels = new float[count * Instances.PIXELS];
		ByteBuffer data = array.data();
		if (type.equals("u1")) {
			for (int i = 0; i < pixels.length; i++) {
				pixels[i] = data.get(i) & 0xff;
			}
		}
		else {
			data.asFloatBuffer().get(pixels);
		}
		return pixels;
	}

	private static String tuple(long[] shape) {
		return Arrays.stream(shape).mapToObj(Long::toString).collect(Collectors.joining(", ", "(", (shape.length == 1) ? ",)" : ")"));
	}

}
