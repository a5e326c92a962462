package org.fashionmnist.server.dataset;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

/** Small generated datasets in the original file layout, to test loading without the real data. */
final class IdxFixtures {

	private IdxFixtures() {
	}

	/** The raw IDX bytes: the header as given, then {@code data}. */
	static byte[] idx(int magic, int[] dimensions, byte[] data) {
		ByteBuffer buffer = ByteBuffer.allocate(4 + 4 * dimensions.length + data.length);
		buffer.putInt(magic);
		Arrays.stream(dimensions).forEach(buffer::putInt);
		return buffer.put(data).array();
	}

	static byte[] images(int count) {
		byte[] pixels = new byte[count * 784];
		for (int i = 0; i < pixels.length; i++) {
			pixels[i] = (byte) (i * 7);
		}
		return idx(0x803, new int[] { count, 28, 28 }, pixels);
	}

	static byte[] labels(int count) {
		byte[] labels = new byte[count];
		for (int i = 0; i < count; i++) {
			labels[i] = (byte) (i % 10);
		}
		return idx(0x801, new int[] { count }, labels);
	}

	static byte[] gzip(byte[] bytes) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
			gzip.write(bytes);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return out.toByteArray();
	}

	/** Writes a valid dataset of 20 train and 10 test items and returns the digests that pin it. */
	static DatasetProperties.Digests writeValid(Path dir) {
		write(dir, "train-images-idx3-ubyte.gz", gzip(images(20)));
		write(dir, "train-labels-idx1-ubyte.gz", gzip(labels(20)));
		write(dir, "t10k-images-idx3-ubyte.gz", gzip(images(10)));
		write(dir, "t10k-labels-idx1-ubyte.gz", gzip(labels(10)));
		return digestsOf(dir);
	}

	static void write(Path dir, String name, byte[] content) {
		try {
			Files.write(dir.resolve(name), content);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Digests of whatever the directory holds now, so a test reaches the checks after the digest. */
	static DatasetProperties.Digests digestsOf(Path dir) {
		return new DatasetProperties.Digests(sha256(dir, "train-images-idx3-ubyte.gz"), sha256(dir, "train-labels-idx1-ubyte.gz"),
				sha256(dir, "t10k-images-idx3-ubyte.gz"), sha256(dir, "t10k-labels-idx1-ubyte.gz"));
	}

	private static String sha256(Path dir, String name) {
		try {
			return Files.exists(dir.resolve(name)) ? Digests.sha256Hex(Files.readAllBytes(dir.resolve(name))) : "0".repeat(64);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
