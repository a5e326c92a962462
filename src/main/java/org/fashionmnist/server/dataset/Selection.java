package org.fashionmnist.server.dataset;

/**
 * An ordered subset of a split: position {@code p} of the selection is the item at index
 * {@link #index(int) index(p)} of the split. Positions and indices are 0-based.
 */
public interface Selection {

	int size();

	int index(int position);

	/** Every item of a split of {@code size} items, in index order. */
	static Selection all(int size) {
		return new Selection() {
			@Override
			public int size() {
				return size;
			}

			@Override
			public int index(int position) {
				return position;
			}
		};
	}

	/** The given indices, in the given order; the array is not copied. */
	static Selection of(int[] indices) {
		return new Selection() {
			@Override
			public int size() {
				return indices.length;
			}

			@Override
			public int index(int position) {
				return indices[position];
			}
		};
	}

}
