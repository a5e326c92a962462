package org.fashionmnist.server.batch;

import java.util.Arrays;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import org.fashionmnist.server.dataset.Selection;

import static org.assertj.core.api.Assertions.assertThat;

class EpochShuffleTest {

	private static final Selection TRAIN = Selection.all(60_000);

	@Test
	void pinsTheFirstIndicesOfKnownEpochs() {
		// The Python client's reference implementation pins the same values (tests/test_client.py).
		assertThat(Arrays.copyOf(EpochShuffle.order(TRAIN, 0, 0), 10))
			.containsExactly(47466, 18759, 37634, 27062, 38481, 255, 31252, 59317, 29392, 22938);
		assertThat(Arrays.copyOf(EpochShuffle.order(TRAIN, 42, 3), 10))
			.containsExactly(12102, 35527, 32896, 59043, 10387, 39342, 28979, 919, 84, 25757);
		assertThat(EpochShuffle.order(Selection.all(10), 7, 1)).containsExactly(4, 9, 0, 5, 7, 3, 6, 8, 1, 2);
	}

	@Test
	void isAPermutationOfTheSelection() {
		int[] order = EpochShuffle.order(TRAIN, 1, 2);
		assertThat(order).hasSize(60_000);
		assertThat(Arrays.stream(order).sorted().toArray()).isEqualTo(IntStream.range(0, 60_000).toArray());
	}

	@Test
	void isTheSameForTheSameSeedAndEpochAndDiffersOtherwise() {
		int[] order = EpochShuffle.order(TRAIN, 5, 9);
		assertThat(EpochShuffle.order(TRAIN, 5, 9)).isEqualTo(order);
		assertThat(EpochShuffle.order(TRAIN, 5, 10)).isNotEqualTo(order);
		assertThat(EpochShuffle.order(TRAIN, 6, 9)).isNotEqualTo(order);
		assertThat(EpochShuffle.order(TRAIN, Long.MAX_VALUE, Long.MAX_VALUE)).isNotEqualTo(order);
	}

	@Test
	void shufflesTheFilteredIndicesByTheirPositions() {
		int[] filtered = { 3, 10, 11, 40, 41, 99, 120 };
		int[] positions = EpochShuffle.order(Selection.all(filtered.length), 8, 8);
		int[] order = EpochShuffle.order(Selection.of(filtered), 8, 8);
		for (int i = 0; i < order.length; i++) {
			assertThat(order[i]).isEqualTo(filtered[positions[i]]);
		}
	}

	@Test
	void handlesEmptyAndSingleSelections() {
		assertThat(EpochShuffle.order(Selection.all(0), 1, 1)).isEmpty();
		assertThat(EpochShuffle.order(Selection.of(new int[] { 17 }), 1, 1)).containsExactly(17);
	}

}
