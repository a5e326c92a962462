package org.fashionmnist.server.web.dataset;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.fashionmnist.server.dataset.Dataset;
import org.fashionmnist.server.dataset.SplitData;
import org.fashionmnist.server.tensor.NpyHeader;

import org.springframework.stereotype.Component;

/**
 * A split's whole arrays as {@code .npy} files, defined once for their download ({@link ArrayController}) and
 * for the size and SHA-256 the dataset document publishes, against which a client checks what it downloaded
 * (possibly in pieces, resumed with Range requests). Each digest is a pass over the array, 47 MB for the
 * train images, so it is computed when first asked for and kept.
 */
@Component
class SplitArrays {

	static final String IMAGES = "images.npy";

	static final String LABELS = "labels.npy";

	private final Map<String, String> digests = new ConcurrentHashMap<>();

	/** The array {@code name} ({@value #IMAGES} or {@value #LABELS}) of a split: its header and its data. */
	static NpyArray of(SplitData split, String name) {
		return switch (name) {
			case IMAGES -> new NpyArray(NpyHeader.of("|u1", split.size(), split.side(), split.side()), split.imageBytes());
			case LABELS -> new NpyArray(NpyHeader.of("|u1", split.size()), split.labelBytes());
			default -> throw new IllegalArgumentException("No array " + name);
		};
	}

	/** Both arrays of a split, with their sizes and digests. */
	List<ArrayInfo> describe(Dataset dataset, SplitData split) {
		return List.of(IMAGES, LABELS).stream().map((name) -> {
			NpyArray array = of(split, name);
			String key = dataset.version() + "/" + split.split().id() + "/" + name;
			return new ArrayInfo(name, array.size(), this.digests.computeIfAbsent(key, (unused) -> array.sha256()));
		}).toList();
	}

	/** A {@code .npy} file: its header, then the split's shared data array, never copied. */
	record NpyArray(byte[] header, byte[] data) {

		long size() {
			return (long) this.header.length + this.data.length;
		}

		String sha256() {
			try {
				MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
				sha256.update(this.header);
				sha256.update(this.data);
				return HexFormat.of().formatHex(sha256.digest());
			}
			catch (NoSuchAlgorithmException ex) {
				throw new IllegalStateException("Every Java platform must support SHA-256", ex);
			}
		}

	}

	/**
	 * One array as the dataset document lists it.
	 * @param name the file name below the split ({@code images.npy}, {@code labels.npy})
	 * @param size its length in bytes
	 * @param sha256 the SHA-256 of its bytes, lower-case hex
	 */
	record ArrayInfo(String name, long size, String sha256) {
	}

}
