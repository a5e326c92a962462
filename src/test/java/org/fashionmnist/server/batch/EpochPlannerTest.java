package org.fashionmnist.server.batch;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.fashionmnist.server.dataset.LabelSet;
import org.fashionmnist.server.dataset.Selection;
import org.fashionmnist.server.dataset.SplitData;
import org.fashionmnist.server.dataset.SplitFixtures;

import static org.assertj.core.api.Assertions.assertThat;

class EpochPlannerTest {

	private final SplitData split = SplitFixtures.withLabels(3, 1, 3, 5, 3, 0, 5, 5, 9, 3);

	private final EpochPlanner planner = new EpochPlanner();

	private int[] epoch(LabelSet labels, boolean shuffle, long seed, long epoch) {
		return this.planner.plan(this.split, new EpochSpec(labels, shuffle, seed, epoch, 0, 1, 100, false)).batch(0);
	}

	@Test
	void keepsAscendingIndexOrderWithoutShuffle() {
		assertThat(epoch(LabelSet.all(), false, 0, 0)).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
		assertThat(epoch(LabelSet.of(List.of(5, 3)), false, 0, 0)).containsExactly(0, 2, 3, 4, 6, 7, 9);
		assertThat(epoch(LabelSet.of(List.of(5, 3)), false, 12, 34)).containsExactly(0, 2, 3, 4, 6, 7, 9);
	}

	@Test
	void shufflesTheFilteredItemsWithTheDocumentedAlgorithm() {
		LabelSet labels = LabelSet.of(List.of(3, 5));
		int[] expected = EpochShuffle.order(Selection.of(new int[] { 0, 2, 3, 4, 6, 7, 9 }), 4, 2);
		assertThat(epoch(labels, true, 4, 2)).isEqualTo(expected);
		assertThat(epoch(labels, true, 4, 2)).isEqualTo(expected);
	}

	@Test
	void staysCorrectWhenMoreEpochsAreUsedThanItCaches() {
		int[] first = epoch(LabelSet.all(), true, 1, 0);
		for (int epoch = 1; epoch <= EpochPlanner.CACHED_ORDERS + 4; epoch++) {
			assertThat(epoch(LabelSet.all(), true, 1, epoch)).isEqualTo(EpochShuffle.order(Selection.all(10), 1, epoch));
		}
		assertThat(epoch(LabelSet.all(), true, 1, 0)).isEqualTo(first);
	}

}
