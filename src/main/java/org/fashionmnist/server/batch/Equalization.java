package org.fashionmnist.server.batch;

/**
 * How the positions left after {@code start} are made a multiple of the number of shards, so that every
 * shard has the same size: DistributedDataParallel needs the same number of steps on every rank, and a
 * rank that runs out of batches first leaves the others waiting for it forever.
 */
public enum Equalization {

	/** Shards as they fall: they differ by at most one item. */
	NONE,

	/** Leave out the last (m mod k) of the m remaining positions. */
	DROP,

	/**
	 * Repeat the remaining positions' own first ones, in order (cycling when m < k), until their count is a
	 * multiple of k, as PyTorch's {@code DistributedSampler} pads.
	 */
	PAD;

	/** How many positions k shards share out of {@code remaining}. */
	long shared(long remaining, int numShards) {
		long excess = remaining % numShards;
		return switch (this) {
			case NONE -> remaining;
			case DROP -> remaining - excess;
			case PAD -> (excess == 0) ? remaining : remaining + numShards - excess;
		};
	}

}
