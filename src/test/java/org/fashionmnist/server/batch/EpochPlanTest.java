package org.fashionmnist.server.batch;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import org.fashionmnist.server.dataset.LabelSet;
import org.fashionmnist.server.dataset.Selection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EpochPlanTest {

	private static EpochPlan plan(int items, int shard, int numShards, int batchSize, boolean dropLast) {
		return new EpochPlan(Selection.all(items),
				new EpochSpec(LabelSet.all(), false, 0, 0, shard, numShards, batchSize, dropLast));
	}

	@Test
	void cutsTheEpochIntoBatchesWithAShortLastOne() {
		EpochPlan plan = plan(10, 0, 1, 4, false);
		assertThat(plan.size()).isEqualTo(10);
		assertThat(plan.numBatches()).isEqualTo(3);
		assertThat(plan.batch(0)).containsExactly(0, 1, 2, 3);
		assertThat(plan.batch(2)).containsExactly(8, 9);
	}

	@Test
	void dropsTheShortLastBatchWhenAsked() {
		EpochPlan plan = plan(10, 0, 1, 4, true);
		assertThat(plan.numBatches()).isEqualTo(2);
		assertThatThrownBy(() -> plan.batch(2)).isInstanceOf(IndexOutOfBoundsException.class);
		assertThat(plan(8, 0, 1, 4, true).numBatches()).isEqualTo(2);
	}

	@Test
	void shardRTakesPositionsRPlusMultiplesOfK() {
		assertThat(plan(10, 0, 3, 10, false).batch(0)).containsExactly(0, 3, 6, 9);
		assertThat(plan(10, 1, 3, 10, false).batch(0)).containsExactly(1, 4, 7);
		assertThat(plan(10, 2, 3, 10, false).batch(0)).containsExactly(2, 5, 8);
		assertThat(plan(10, 2, 3, 2, false).batch(1)).containsExactly(8);
	}

	@Test
	void shardsPartitionTheEpoch() {
		for (int numShards : new int[] { 1, 2, 3, 7, 64 }) {
			List<Integer> seen = new ArrayList<>();
			for (int shard = 0; shard < numShards; shard++) {
				EpochPlan plan = plan(1000, shard, numShards, 33, false);
				for (int batch = 0; batch < plan.numBatches(); batch++) {
					IntStream.of(plan.batch(batch)).forEach(seen::add);
				}
			}
			assertThat(seen).hasSize(1000).containsExactlyInAnyOrderElementsOf(IntStream.range(0, 1000).boxed().toList());
		}
	}

	@Test
	void aShardBeyondTheItemsIsEmpty() {
		EpochPlan plan = plan(3, 4, 5, 2, false);
		assertThat(plan.size()).isZero();
		assertThat(plan.numBatches()).isZero();
		assertThat(plan.epochSize()).isEqualTo(3);
	}

	@Test
	void mapsPositionsThroughTheEpochOrder() {
		EpochPlan plan = new EpochPlan(Selection.of(new int[] { 50, 40, 30, 20, 10 }),
				new EpochSpec(LabelSet.all(), true, 0, 0, 1, 2, 1, false));
		assertThat(plan.numBatches()).isEqualTo(2);
		assertThat(plan.batch(0)).containsExactly(40);
		assertThat(plan.batch(1)).containsExactly(20);
	}

	private static EpochPlan plan(Selection order, long start, Equalization equalization, int shard, int numShards, int batchSize) {
		return new EpochPlan(order, new EpochSpec(LabelSet.all(), true, 0, 0, start, equalization, shard, numShards, batchSize, false));
	}

	/** Every item of the shard, batch after batch. */
	private static List<Integer> items(EpochPlan plan) {
		List<Integer> items = new ArrayList<>();
		for (int batch = 0; batch < plan.numBatches(); batch++) {
			IntStream.of(plan.batch(batch)).forEach(items::add);
		}
		return items;
	}

	@Test
	void startSkipsTheFirstPositionsOfTheOrderBeforeSharding() {
		Selection order = Selection.of(new int[] { 90, 80, 70, 60, 50, 40, 30, 20, 10 });
		assertThat(items(plan(order, 3, Equalization.NONE, 0, 2, 2))).containsExactly(60, 40, 20);
		assertThat(items(plan(order, 3, Equalization.NONE, 1, 2, 2))).containsExactly(50, 30, 10);
		assertThat(plan(order, 3, Equalization.NONE, 0, 2, 2).epochSize()).isEqualTo(9);
		assertThat(items(plan(order, 8, Equalization.NONE, 0, 1, 5))).containsExactly(10);
	}

	@Test
	void aStartAtOrPastTheEndLeavesEveryShardEmpty() {
		for (long start : new long[] { 9, 10, Integer.MAX_VALUE + 1L, Long.MAX_VALUE }) {
			for (Equalization equalization : Equalization.values()) {
				EpochPlan plan = plan(Selection.all(9), start, equalization, 1, 2, 4);
				assertThat(plan.size()).as("start %d, %s", start, equalization).isZero();
				assertThat(plan.numBatches()).isZero();
			}
		}
	}

	@Test
	void aJobResumedWithAnotherNumberOfShardsSeesEveryOtherItemExactlyOnce() {
		Selection order = Selection.of(EpochShuffle.order(Selection.all(1000), 5, 1));
		List<Integer> seen = new ArrayList<>();
		// Three ranks take four batches of 7 each: together the first 84 positions of the order.
		for (int shard = 0; shard < 3; shard++) {
			EpochPlan plan = plan(order, 0, Equalization.NONE, shard, 3, 7);
			for (int batch = 0; batch < 4; batch++) {
				IntStream.of(plan.batch(batch)).forEach(seen::add);
			}
		}
		assertThat(seen).containsExactlyInAnyOrderElementsOf(IntStream.range(0, 84).mapToObj(order::index).toList());
		// Five ranks resume from there.
		for (int shard = 0; shard < 5; shard++) {
			seen.addAll(items(plan(order, 84, Equalization.NONE, shard, 5, 7)));
		}
		assertThat(seen).hasSize(1000).containsExactlyInAnyOrderElementsOf(IntStream.range(0, 1000).boxed().toList());
	}

	@Test
	void dropGivesEveryShardTheSameSizeByLeavingOutTheLastPositions() {
		Selection order = Selection.of(new int[] { 9, 8, 7, 6, 5, 4, 3, 2, 1, 0 });
		List<Integer> seen = new ArrayList<>();
		for (int shard = 0; shard < 3; shard++) {
			EpochPlan plan = plan(order, 1, Equalization.DROP, shard, 3, 2);
			assertThat(plan.size()).isEqualTo(3);
			assertThat(plan.numBatches()).isEqualTo(2);
			seen.addAll(items(plan));
		}
		// Nine positions remain after start; none is left out, as nine is a multiple of three.
		assertThat(seen).containsExactlyInAnyOrder(8, 7, 6, 5, 4, 3, 2, 1, 0);
		assertThat(items(plan(order, 0, Equalization.DROP, 0, 4, 1))).containsExactly(9, 5);
		assertThat(items(plan(order, 0, Equalization.DROP, 3, 4, 1))).containsExactly(6, 2);
		assertThat(items(plan(order, 0, Equalization.DROP, 0, 11, 1))).isEmpty();
	}

	@Test
	void padRepeatsTheFirstRemainingPositionsInOrderAsDistributedSamplerDoes() {
		Selection order = Selection.of(new int[] { 9, 8, 7, 6, 5, 4, 3, 2, 1, 0 });
		// After start=2, eight positions remain (7 .. 0); three shards need nine: the first (7) is repeated.
		assertThat(items(plan(order, 2, Equalization.PAD, 0, 3, 2))).containsExactly(7, 4, 1);
		assertThat(items(plan(order, 2, Equalization.PAD, 1, 3, 2))).containsExactly(6, 3, 0);
		assertThat(items(plan(order, 2, Equalization.PAD, 2, 3, 2))).containsExactly(5, 2, 7);
		// Fewer positions than shards: they are cycled through.
		List<Integer> cycled = new ArrayList<>();
		for (int shard = 0; shard < 5; shard++) {
			EpochPlan plan = plan(order, 8, Equalization.PAD, shard, 5, 3);
			assertThat(plan.size()).isEqualTo(1);
			cycled.addAll(items(plan));
		}
		assertThat(cycled).containsExactly(1, 0, 1, 0, 1);
		// Already a multiple: nothing is added.
		assertThat(plan(order, 0, Equalization.PAD, 4, 5, 3).size()).isEqualTo(2);
	}

	@Test
	void equalizedShardsHaveTheSameNumberOfBatchesForEveryCount() {
		for (int items = 0; items <= 40; items++) {
			for (int numShards = 1; numShards <= 9; numShards++) {
				for (Equalization equalization : List.of(Equalization.DROP, Equalization.PAD)) {
					int size = plan(Selection.all(items), 0, equalization, 0, numShards, 3).size();
					for (int shard = 1; shard < numShards; shard++) {
						assertThat(plan(Selection.all(items), 0, equalization, shard, numShards, 3).size())
							.as("%d items, shard %d of %d, %s", items, shard, numShards, equalization)
							.isEqualTo(size);
					}
					int expected = (equalization == Equalization.DROP) ? items / numShards : (items + numShards - 1) / numShards;
					assertThat(size).isEqualTo(expected);
				}
			}
		}
	}

	@Test
	void rejectsAnImpossibleSpec() {
		assertThatIllegalArgumentException().isThrownBy(() -> new EpochSpec(LabelSet.all(), false, 0, 0, 2, 2, 1, false));
		assertThatIllegalArgumentException().isThrownBy(() -> new EpochSpec(LabelSet.all(), false, 0, 0, 0, 1, 0, false));
		assertThatIllegalArgumentException().isThrownBy(() -> new EpochSpec(LabelSet.all(), false, -1, 0, 0, 1, 1, false));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new EpochSpec(LabelSet.all(), false, 0, 0, -1, Equalization.NONE, 0, 1, 1, false));
		assertThatThrownBy(() -> new EpochSpec(LabelSet.all(), false, 0, 0, 0, null, 0, 1, 1, false))
			.isInstanceOf(NullPointerException.class);
	}

}
