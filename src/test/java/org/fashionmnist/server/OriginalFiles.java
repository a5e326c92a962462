package org.fashionmnist.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPInputStream;

/**
 * Reads the bundled original files with the JDK's own gzip reader and nothing of the server's code,
 * so that tests compare what the server sends with an independent reading of the data.
 */
public final class OriginalFiles {

	public static final Path DIR = Path.of("data/fashion-mnist");

	/** The MD5 digests that the dataset's authors publish for the four files. */
	public static final Map<String, String> PUBLISHED_MD5 = Map.of("train-images-idx3-ubyte.gz",
			"8d4fb7e6c68d591d4c3dfef9ec88bf0d", "train-labels-idx1-ubyte.gz", "25c81989df183df01b3e8a0aad5dffbe",
			"t10k-images-idx3-ubyte.gz", "bef4ecab320f06d8554ea6380940ec79", "t10k-labels-idx1-ubyte.gz",
			"bb300cfdad3c16e7a12a480ee83cd310");

	private static final Map<String, byte[]> CACHE = new ConcurrentHashMap<>();

	private OriginalFiles() {
	}

	/** The 28*28 pixels of every image of a split ({@code train} or {@code t10k}), without the IDX header. */
	public static byte[] images(String prefix) {
		return CACHE.computeIfAbsent(prefix + "-images", (key) -> payload(prefix + "-images-idx3-ubyte.gz", 16));
	}

	/** The label of every item of a split, without the IDX header. */
	public static byte[] labels(String prefix) {
		return CACHE.computeIfAbsent(prefix + "-labels", (key) -> payload(prefix + "-labels-idx1-ubyte.gz", 8));
	}

	public static byte[] image(String prefix, int index) {
		byte[] images = images(prefix);
		byte[] image = new byte[784];
		System.arraycopy(images, index * 784, image, 0, 784);
		return image;
	}

	private static byte[] payload(String file, int headerLength) {
		try (InputStream in = new GZIPInputStream(Files.newInputStream(DIR.resolve(file)))) {
			byte[] all = in.readAllBytes();
			byte[] payload = new byte[all.length - headerLength];
			System.arraycopy(all, headerLength, payload, 0, payload.length);
			return payload;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
