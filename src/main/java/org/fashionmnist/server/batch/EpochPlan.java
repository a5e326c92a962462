package org.fashionmnist.server.batch;

import org.fashionmnist.server.dataset.Selection;

/**
 * One shard of one epoch cut into batches. Like PyTorch's {@code DistributedSampler} without
 * padding, shard r of k takes positions r, r+k, r+2k, ... of the epoch order; batch b holds
 * positions b*batchSize .. (b+1)*batchSize-1 of the shard (fewer for a final short batch).
 */
public final class EpochPlan {

	private final Selection order;

	private final EpochSpec spec;

	EpochPlan(Selection order, EpochSpec spec) {
		this.order = order;
		this.spec = spec;
	}

	public EpochSpec spec() {
		return this.spec;
	}

	/** Items in the whole (filtered) epoch, over all shards. */
	public int epochSize() {
		return this.order.size();
	}

	/** Items in this shard: ceil((epochSize - shard) / numShards), or 0 when shard >= epochSize. */
	public int size() {
		long remaining = (long) epochSize() - this.spec.shard();
		return (remaining <= 0) ? 0 : (int) ((remaining + this.spec.numShards() - 1) / this.spec.numShards());
	}

	public int numBatches() {
		int size = size();
		int batchSize = this.spec.batchSize();
		return this.spec.dropLast() ? size / batchSize : (int) (((long) size + batchSize - 1) / batchSize);
	}

	/** The split indices of batch {@code batch}, in epoch order. */
	public int[] batch(int batch) {
		if (batch < 0 || batch >= numBatches()) {
			throw new IndexOutOfBoundsException("Batch " + batch + " of " + numBatches());
		}
		long from = (long) batch * this.spec.batchSize();
		int count = (int) Math.min(this.spec.batchSize(), size() - from);
		int[] indices = new int[count];
		for (int i = 0; i < count; i++) {
			long position = this.spec.shard() + (from + i) * this.spec.numShards();
			indices[i] = this.order.index((int) position);
		}
		return indices;
	}

}
