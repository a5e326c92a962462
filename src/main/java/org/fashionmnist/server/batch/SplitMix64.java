package org.fashionmnist.server.batch;

/**
 * Sebastiano Vigna's SplitMix64 generator, chosen because it is a few lines of 64-bit arithmetic that
 * any language reproduces exactly. All arithmetic is on unsigned 64-bit integers modulo 2^64
 * ({@code >>>} is a logical shift).
 *
 * <pre>
 * next():   state = state + 0x9E3779B97F4A7C15;  return mix64(state)
 * mix64(z): z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9
 *           z = (z ^ (z >>> 27)) * 0x94D049BB133111EB
 *           return z ^ (z >>> 31)
 * below(b): uniform in 0..b-1 for 1 <= b <= 2^31, by rejection, without bias:
 *           limit = 2^32 - (2^32 mod b)
 *           repeat r = next() >>> 32 until r < limit;  return r mod b
 * </pre>
 */
final class SplitMix64 {

	static final long GAMMA = 0x9E3779B97F4A7C15L;

	private static final long TWO_TO_32 = 1L << 32;

	private long state;

	SplitMix64(long state) {
		this.state = state;
	}

	long next() {
		this.state += GAMMA;
		return mix64(this.state);
	}

	int below(int bound) {
		if (bound < 1) {
			throw new IllegalArgumentException("The bound must be at least 1, not " + bound);
		}
		long limit = TWO_TO_32 - (TWO_TO_32 % bound);
		long draw;
		do {
			draw = next() >>> 32;
		}
		while (draw >= limit);
		return (int) (draw % bound);
	}

	static long mix64(long z) {
		z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
		z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
		return z ^ (z >>> 31);
	}

}
