package org.fashionmnist.server.batch;

import org.fashionmnist.server.dataset.Selection;

/**
 * The order of a shuffled epoch, a pure function of (seed, epoch, the filtered index set), so every
 * replica, every restart and every client that reimplements it agrees:
 *
 * <pre>
 * state = mix64(seed ^ mix64(epoch + 0x9E3779B97F4A7C15))      (see {@link SplitMix64})
 * order = the filtered indices in ascending order, n of them
 * for i = n-1 down to 1:                                       (Fisher-Yates, Durstenfeld's form)
 *     j = below(i + 1)                                         (uniform in 0..i)
 *     swap order[i] and order[j]
 * </pre>
 *
 * {@code seed} and {@code epoch} are 64-bit integers (the API allows 0..2^63-1). Bump
 * {@link #VERSION} whenever this changes: it is part of every batch's entity tag.
 */
public final class EpochShuffle {

	/** Names this algorithm in entity tags, so a changed algorithm never matches a cached response. */
	public static final String VERSION = "sm64fy1";

	private EpochShuffle() {
	}

	/** The initial SplitMix64 state for a seed and an epoch. */
	static long initialState(long seed, long epoch) {
		return SplitMix64.mix64(seed ^ SplitMix64.mix64(epoch + SplitMix64.GAMMA));
	}

	/** The filtered items in the shuffled order of the given epoch, as a new array of split indices. */
	public static int[] order(Selection filtered, long seed, long epoch) {
		int[] order = new int[filtered.size()];
		for (int position = 0; position < order.length; position++) {
			order[position] = filtered.index(position);
		}
		SplitMix64 random = new SplitMix64(initialState(seed, epoch));
		for (int i = order.length - 1; i > 0; i--) {
			int j = random.below(i + 1);
			int swap = order[i];
			order[i] = order[j];
			order[j] = swap;
		}
		return order;
	}

}
