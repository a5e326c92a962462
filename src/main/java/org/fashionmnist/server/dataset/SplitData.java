package org.fashionmnist.server.dataset;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.zip.CRC32;

/**
 * One split held in memory: all images in one contiguous array (row-major, {@code side * side} bytes
 * per image, in the order of the IDX file) and all labels in another. Read-only once built.
 */
public final class SplitData {

	private static final long KNOWN = 1L << 32;

	private static final VarHandle FLOAT_LE = MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.LITTLE_ENDIAN);

	private final Split split;

	private final int side;

	private final byte[] images;

	private final byte[] labels;

	private final int[] classCounts;

	private volatile int[] imageCrc32s;

	/** Per table, each image's float CRC-32 once computed, as {@link #KNOWN} with the CRC below; 0 before. */
	private final Map<FloatTable, AtomicLongArray> floatImageCrc32s = new ConcurrentHashMap<>();

	/** Per label filter, the mean image once computed (784 bytes each, at most 2^classes of them). */
	private final Map<LabelSet, byte[]> means = new ConcurrentHashMap<>();

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

	/**
	 * The CRC-32 of each of the images at {@code indices} written as float32 values (little-endian),
	 * pixel value {@code v} as {@code table[v]}: what {@link #imageCrc32s()} is to the pixels, for a
	 * batch of floats. Each image's is computed the first time it is asked for with a table (one pass
	 * over its floats, as a batch without them would make) and kept, for each different table: callers
	 * should use few (a batch uses one per normalisation; each keeps 8 bytes an image).
	 */
	public int[] imageCrc32s(float[] table, int[] indices) {
		if (table.length != 256) {
			throw new IllegalArgumentException("A byte-to-float table has 256 entries, not " + table.length);
		}
		AtomicLongArray known = this.floatImageCrc32s.computeIfAbsent(new FloatTable(table.clone()),
				(unused) -> new AtomicLongArray(size()));
		int[] crcs = new int[indices.length];
		byte[] row = null;
		CRC32 crc = null;
		for (int i = 0; i < indices.length; i++) {
			long value = known.getOpaque(indices[i]);
			if (value == 0) {
				row = (row != null) ? row : new byte[pixelsPerImage() * Float.BYTES];
				crc = (crc != null) ? crc : new CRC32();
				for (int pixel = 0, offset = imageOffset(indices[i]); pixel < pixelsPerImage(); pixel++) {
					FLOAT_LE.set(row, pixel * Float.BYTES, table[this.images[offset + pixel] & 0xff]);
				}
				crc.reset();
				crc.update(row);
				value = KNOWN | crc.getValue();
				// Threads that compute the same image at once store the same value.
				known.setOpaque(indices[i], value);
			}
			crcs[i] = (int) value;
		}
		return crcs;
	}

	/**
	 * The per-pixel mean of the images whose label is in {@code labels}, each rounded to the nearest integer and
	 * a half to the even one (as {@code numpy.rint}); computed exactly, in integers, once per filter. A filter
	 * that keeps no image gives a black image.
	 */
	public byte[] meanImage(LabelSet labels) {
		return this.means.computeIfAbsent(labels, (key) -> {
			int pixels = pixelsPerImage();
			long[] sums = new long[pixels];
			long count = 0;
			for (int index = 0; index < this.labels.length; index++) {
				if (key.contains(this.labels[index])) {
					int offset = index * pixels;
					for (int p = 0; p < pixels; p++) {
						sums[p] += this.images[offset + p] & 0xff;
					}
					count++;
				}
			}
			byte[] mean = new byte[pixels];
			for (int p = 0; (count > 0) && p < pixels; p++) {
				long quotient = sums[p] / count;
				long twiceRemainder = 2 * (sums[p] % count);
				boolean up = twiceRemainder > count || (twiceRemainder == count && (quotient & 1) == 1);
				mean[p] = (byte) (quotient + (up ? 1 : 0));
			}
			return mean;
		});
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

	/**
	 * A byte-to-float table as a key: equal to another with the same values, as {@link Arrays#equals(float[], float[])}
	 * compares them (by their bits, so 0.0 and -0.0 differ as the bytes they write do).
	 */
	private record FloatTable(float[] values) {

		@Override
		public boolean equals(Object other) {
			return other instanceof FloatTable that && Arrays.equals(this.values, that.values);
		}

		@Override
		public int hashCode() {
			return Arrays.hashCode(this.values);
		}

	}

}
