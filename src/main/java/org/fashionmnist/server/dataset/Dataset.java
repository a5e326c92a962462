package org.fashionmnist.server.dataset;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** A dataset loaded and verified in memory: its description, both splits and its original files. */
public final class Dataset {

	private final DatasetInfo info;

	private final Map<Split, SplitData> splits;

	private final List<DataFile> files;

	private final String version;

	/** Computed when first asked for (a pass over the 47 MB of train pixels), not during start-up. */
	private volatile PixelStats pixelStats;

	Dataset(DatasetInfo info, Map<Split, SplitData> splits, List<DataFile> files) {
		this.info = info;
		this.splits = new EnumMap<>(splits);
		this.files = List.copyOf(files);
		this.version = versionOf(files);
	}

	public String id() {
		return this.info.id();
	}

	public DatasetInfo info() {
		return this.info;
	}

	public SplitData split(Split split) {
		return this.splits.get(split);
	}

	public List<DataFile> files() {
		return this.files;
	}

	/** The mean and standard deviation of the train split's pixels. */
	public PixelStats pixelStats() {
		PixelStats stats = this.pixelStats;
		if (stats == null) {
			stats = PixelStats.of(split(Split.TRAIN).imageBytes());
			this.pixelStats = stats;
		}
		return stats;
	}

	/**
	 * A short fingerprint of the content (from the files' SHA-256 digests): equal on every replica
	 * serving the same files, so it can anchor strong entity tags.
	 */
	public String version() {
		return this.version;
	}

	private static String versionOf(List<DataFile> files) {
		MessageDigest sha256 = Digests.sha256();
		files.forEach((file) -> sha256.update(file.sha256().getBytes(StandardCharsets.US_ASCII)));
		return HexFormat.of().formatHex(sha256.digest(), 0, 8);
	}

}
