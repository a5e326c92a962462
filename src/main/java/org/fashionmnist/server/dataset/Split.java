package org.fashionmnist.server.dataset;

import java.util.Locale;
import java.util.Optional;

/** The two splits of an MNIST-style dataset, named as in the API and as in the original files. */
public enum Split {

	TRAIN("train", "train"), TEST("test", "t10k");

	private final String id;

	private final String filePrefix;

	Split(String id, String filePrefix) {
		this.id = id;
		this.filePrefix = filePrefix;
	}

	/** The name used in URLs and JSON. */
	public String id() {
		return this.id;
	}

	public String imagesFile() {
		return this.filePrefix + "-images-idx3-ubyte.gz";
	}

	public String labelsFile() {
		return this.filePrefix + "-labels-idx1-ubyte.gz";
	}

	/** Parses {@code train}, {@code test} or the file prefix {@code t10k}, ignoring case. */
	public static Optional<Split> parse(String name) {
		String lower = name.toLowerCase(Locale.ROOT);
		for (Split split : values()) {
			if (split.id.equals(lower) || split.filePrefix.equals(lower)) {
				return Optional.of(split);
			}
		}
		return Optional.empty();
	}

}
