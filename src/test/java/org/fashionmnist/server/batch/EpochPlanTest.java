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

	@Test
	void rejectsAnImpossibleSpec() {
		assertThatIllegalArgumentException().isThrownBy(() -> new EpochSpec(LabelSet.all(), false, 0, 0, 2, 2, 1, false));
		assertThatIllegalArgumentException().isThrownBy(() -> new EpochSpec(LabelSet.all(), false, 0, 0, 0, 1, 0, false));
		assertThatIllegalArgumentException().isThrownBy(() -> new EpochSpec(LabelSet.all(), false, -1, 0, 0, 1, 1, false));
	}

}
