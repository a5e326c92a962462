package org.fashionmnist.server.dataset;

import java.util.zip.CRC32;

/**
 * One split held in memory: all images in one contiguous array (row-major, {@code side * side} bytes
 * per image, in the order of the IDX file) and all labels in another. Read-only once built.
 */
public final class SplitData {

	private final Split split;

	private final int side;

	private final byte[] images;

	private final byte[] labels;

	private final int[] classCounts;

	private volatile int[] imageCrc32s;

	SplitData(Split split, int side, byte[] images, byte[] labels, int numClasses) {
		this.split = split;
		this.side = side;
		this.images = images;
		this.labels = labels;
		this.classCounts = new int[numClasses];
		for (byte label : labels) {
			this.classCounts[label]++;
		}
	}

	public Split split() {
		return this.split;
	}

	public int size() {
		return this.labels.length;
	}

	/** Width and height of every image. */
	public int side() {
		return this.side;
	}

	public int pixelsPerImage() {
		return this.side * this.side;
	}

	public int label(int index) {
		return this.labels[index];
	}

	public int[] classCounts() {
		return this.classCounts.clone();
	}

	/** Offset of the first pixel of image {@code index} in {@link #imageBytes()}. */
	public int imageOffset(int index) {
		return index * pixelsPerImage();
	}

	/**
	 * The pixels of every image, shared and never copied for speed: callers must not modify it.
	 */
	public byte[] imageBytes() {
		return this.images;
	}

	/** The label of every item, one byte each, shared and never copied: callers must not modify it. */
	public byte[] labelBytes() {
		return this.labels;
	}

	/**
	 * The CRC-32 ({@link CRC32}) of each image's pixels, computed when first asked for (about 5 ms for
	 * the train split): with them a batch's ZIP checksum needs no pass over its pixels. Shared: callers
	 * must not modify it.
	 */
	public int[] imageCrc32s() {
		int[] crcs = this.imageCrc32s;
		if (crcs == null) {
			crcs = new int[size()];
			CRC32 crc = new CRC32();
			for (int index = 0; index < crcs.length; index++) {
				crc.reset();
				crc.update(this.images, imageOffset(index), pixelsPerImage());
				crcs[index] = (int) crc.getValue();
			}
			this.imageCrc32s = crcs;
		}
		return crcs;
	}

	/** The items whose label is in {@code labels}, in ascending index order. */
	public Selection select(LabelSet labels) {
		if (labels.isAll()) {
			return Selection.all(size());
		}
		int count = 0;
		for (int label = 0; label < this.classCounts.length; label++) {
			count += labels.contains(label) ? this.classCounts[label] : 0;
		}
		int[] indices = new int[count];
		int next = 0;
		for (int index = 0; index < this.labels.length; index++) {
			if (labels.contains(this.labels[index])) {
				indices[next++] = index;
			}
		}
		return Selection.of(indices);
	}

}
