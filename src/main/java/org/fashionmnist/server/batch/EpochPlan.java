package org.fashionmnist.server.batch;

import org.fashionmnist.server.dataset.Selection;

/**
 * One shard of one epoch cut into batches. The first {@code start} positions of the epoch order are
 * skipped; the m remaining ones are shared out as they fall, or made a multiple of the number of shards k
 * ({@link Equalization}). Like PyTorch's {@code DistributedSampler}, shard r of k takes the r-th,
 * (r+k)-th, (r+2k)-th, ... of them; batch b holds positions b*batchSize .. (b+1)*batchSize-1 of the shard
 * (fewer for a final short batch). Because shards interleave, batch b of every shard together is one
 * contiguous block of the remaining order, which is what lets a job resume with another number of shards.
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

	/** Positions of the epoch order left after {@code start}: m. */
	int remaining() {
		return (this.spec.start() >= epochSize()) ? 0 : epochSize() - (int) this.spec.start();
	}

	/** Items in this shard: ceil((shared - shard) / numShards) of the positions shared out, or 0 when shard >= shared. */
	public int size() {
		long shared = this.spec.equalization().shared(remaining(), this.spec.numShards());
		long left = shared - this.spec.shard();
		return (left <= 0) ? 0 : (int) ((left + this.spec.numShards() - 1) / this.spec.numShards());
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
		int start = (int) this.spec.start();
		int remaining = remaining();
		int[] indices = new int[count];
		for (int i = 0; i < count; i++) {
			long shared = this.spec.shard() + (from + i) * this.spec.numShards();
			// Past the remaining positions only when padding: the padding repeats them from their first.
			indices[i] = this.order.index(start + (int) (shared % remaining));
		}
		return indices;
	}

}
