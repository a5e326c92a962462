package org.fashionmnist.server.batch;

import java.util.Objects;

import org.fashionmnist.server.dataset.LabelSet;

/**
 * What one shard of one epoch is: the items (a label filter over a split), their order (ascending,
 * or shuffled by seed and epoch), the positions of that order left after {@code start}, made a multiple
 * of the number of shards or not, the shard taken from them, and how it is cut into batches.
 *
 * @param labels the classes kept; {@link LabelSet#all()} keeps every item
 * @param shuffle whether the order is shuffled; when not, seed and epoch do not matter
 * @param seed the shuffle's seed, at least 0
 * @param epoch the epoch number, at least 0
 * @param start how many positions at the front of the epoch order are skipped before sharding, at least 0
 * @param equalization whether the remaining positions are shared out as they fall, or dropped or padded to a
 * multiple of numShards
 * @param shard which shard, 0 .. numShards-1
 * @param numShards how many shards share the epoch, at least 1
 * @param batchSize items per batch, at least 1
 * @param dropLast whether a final batch shorter than batchSize is left out
 */
public record EpochSpec(LabelSet labels, boolean shuffle, long seed, long epoch, long start, Equalization equalization,
		int shard, int numShards, int batchSize, boolean dropLast) {

	public EpochSpec {
		if (seed < 0 || epoch < 0) {
			throw new IllegalArgumentException("seed and epoch must be at least 0, not " + seed + " and " + epoch);
		}
		if (start < 0) {
			throw new IllegalArgumentException("start must be at least 0, not " + start);
		}
		Objects.requireNonNull(equalization, "equalization");
		if (numShards < 1 || shard < 0 || shard >= numShards) {
			throw new IllegalArgumentException("shard must be in 0.." + (numShards - 1) + ", not " + shard);
		}
		if (batchSize < 1) {
			throw new IllegalArgumentException("batchSize must be at least 1, not " + batchSize);
		}
	}

	/** A shard of a whole epoch, from its first position, with shards as they fall. */
	public EpochSpec(LabelSet labels, boolean shuffle, long seed, long epoch, int shard, int numShards, int batchSize,
			boolean dropLast) {
		this(labels, shuffle, seed, epoch, 0, Equalization.NONE, shard, numShards, batchSize, dropLast);
	}

}
