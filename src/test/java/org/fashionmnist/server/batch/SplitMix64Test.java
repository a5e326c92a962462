package org.fashionmnist.server.batch;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SplitMix64Test {

	@Test
	void producesTheReferenceSequence() {
		// The first outputs of Vigna's splitmix64.c seeded with 0.
		SplitMix64 random = new SplitMix64(0);
		assertThat(random.next()).isEqualTo(0xE220A8397B1DCDAFL);
		assertThat(random.next()).isEqualTo(0x6E789E6AA1B965F4L);
		assertThat(random.next()).isEqualTo(0x06C45D188009454FL);
	}

	@Test
	void drawsBelowTheBoundFromTheUpperThirtyTwoBits() {
		SplitMix64 random = new SplitMix64(0);
		assertThat(random.below(1)).isZero();
		// 0x6E789E6A mod 10, as the second draw's upper 32 bits are 0x6E789E6A and need no rejection.
		assertThat(random.below(10)).isEqualTo((int) (0x6E789E6AL % 10));
	}

	@Test
	void staysInRangeForLargeBounds() {
		SplitMix64 random = new SplitMix64(42);
		int bound = Integer.MAX_VALUE;
		for (int i = 0; i < 10_000; i++) {
			assertThat(random.below(bound)).isBetween(0, bound - 1);
		}
	}

	@Test
	void drawsEveryValueAboutEquallyOften() {
		SplitMix64 random = new SplitMix64(7);
		int[] counts = new int[6];
		for (int i = 0; i < 60_000; i++) {
			counts[random.below(6)]++;
		}
		assertThat(java.util.Arrays.stream(counts).boxed().toList()).allSatisfy((count) -> assertThat(count).isBetween(9_500, 10_500));
	}

}
