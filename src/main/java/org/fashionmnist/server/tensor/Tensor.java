package org.fashionmnist.server.tensor;

import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;

/**
 * A named n-dimensional array that can write its elements, without holding them as objects: in C
 * (row-major) order, each element little-endian. Writing twice writes the same bytes, so an encoder
 * may make one pass to checksum the data and another to send it.
 */
public interface Tensor {

	/** The name in the file: an npz member name without {@code .npy}, a safetensors or JSON key. */
	String name();

	DType dtype();

	/** The dimensions, outermost first; every one at least 0. */
	long[] shape();

	/** Writes exactly {@link #byteSize()} bytes. */
	void writeTo(OutputStream out) throws IOException;

	/**
	 * The CRC-32 ({@link CRC32}) of the bytes {@link #writeTo} writes, as a ZIP member stored without
	 * compression needs it before its data. By default it writes them into the checksum.
	 */
	default int crc32() throws IOException {
		CRC32 crc = new CRC32();
		writeTo(new CheckedOutputStream(OutputStream.nullOutputStream(), crc));
		return (int) crc.getValue();
	}

	default long elementCount() {
		long count = 1;
		for (long dimension : shape()) {
			count *= dimension;
		}
		return count;
	}

	default long byteSize() {
		return elementCount() * dtype().size();
	}

}
