package org.fashionmnist.server.tensor;

import java.util.Random;
import java.util.zip.CRC32;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Every checksum made by concatenation is compared with the JDK's CRC32 of the concatenated bytes. */
class Crc32ConcatenationTest {

	private final Random random = new Random(42);

	@ParameterizedTest
	@ValueSource(ints = { 0, 1, 2, 3, 7, 8, 64, 783, 784, 785, 3136, 65_536, 200_704 })
	void concatenatesAPrefixAndASuffixOfAnyLength(int suffixLength) {
		for (int prefixLength : new int[] { 0, 1, 128, 784 }) {
			byte[] bytes = bytes(prefixLength + suffixLength);
			int prefix = crc(bytes, 0, prefixLength);
			int suffix = crc(bytes, prefixLength, suffixLength);

			assertThat(Crc32Concatenation.concatenate(prefix, suffix, suffixLength)).as("%d + %d bytes", prefixLength, suffixLength)
				.isEqualTo(crc(bytes, 0, bytes.length));
			assertThat(Crc32Concatenation.ofSuffixLength(suffixLength).append(prefix, suffix)).as("%d + %d bytes", prefixLength, suffixLength)
				.isEqualTo(crc(bytes, 0, bytes.length));
		}
	}

	@Test
	void chainsRowsOfOneLengthAfterAHeader() {
		int rows = 300;
		int rowLength = 784;
		byte[] bytes = bytes(128 + rows * rowLength);
		Crc32Concatenation row = Crc32Concatenation.ofSuffixLength(rowLength);
		int crc = crc(bytes, 0, 128);
		for (int i = 0; i < rows; i++) {
			crc = row.append(crc, crc(bytes, 128 + i * rowLength, rowLength));
		}
		assertThat(crc).isEqualTo(crc(bytes, 0, bytes.length));
		assertThat(row.suffixLength()).isEqualTo(rowLength);
	}

	@Test
	void appendingNothingKeepsTheChecksumAndAnEmptyPrefixIsZero() {
		byte[] bytes = bytes(1000);
		int crc = crc(bytes, 0, bytes.length);
		assertThat(Crc32Concatenation.concatenate(crc, 0, 0)).isEqualTo(crc);
		assertThat(Crc32Concatenation.concatenate(0, crc, bytes.length)).isEqualTo(crc);
		assertThat(crc(bytes, 0, 0)).isZero();
	}

	@Test
	void handlesLengthsBeyondAnInt() {
		// Too long to checksum directly: appending 2^32 + 3 zero bytes at once must equal appending 2^32
		// then 3, the latter checked against the JDK (zeroCrc is itself checked on a small length).
		assertThat(zeroCrc(1000)).isEqualTo(crc(new byte[1000], 0, 1000));
		int prefix = crc(new byte[] { 1, 2, 3 }, 0, 3);
		long length = (1L << 32) + 3;
		int atOnce = Crc32Concatenation.concatenate(prefix, zeroCrc(length), length);
		int inTwoSteps = Crc32Concatenation.concatenate(Crc32Concatenation.concatenate(prefix, zeroCrc(1L << 32), 1L << 32), zeroCrc(3), 3);
		assertThat(atOnce).isEqualTo(inTwoSteps);
	}

	@Test
	void refusesNegativeLengths() {
		assertThatIllegalArgumentException().isThrownBy(() -> Crc32Concatenation.ofSuffixLength(-1));
		assertThatIllegalArgumentException().isThrownBy(() -> Crc32Concatenation.concatenate(0, 0, -1));
	}

	/** The CRC-32 of n zero bytes, built by doubling: crc(z2n) = crc(zn + zn). */
	private static int zeroCrc(long n) {
		int result = 0;
		long resultLength = 0;
		int power = crc(new byte[1], 0, 1);
		long powerLength = 1;
		for (long bits = n; bits != 0; bits >>>= 1) {
			if ((bits & 1) != 0) {
				result = Crc32Concatenation.concatenate(result, power, powerLength);
				resultLength += powerLength;
			}
			power = Crc32Concatenation.concatenate(power, power, powerLength);
			powerLength *= 2;
		}
		assertThat(resultLength).isEqualTo(n);
		return result;
	}

	private byte[] bytes(int length) {
		byte[] bytes = new byte[length];
		this.random.nextBytes(bytes);
		return bytes;
	}

	private static int crc(byte[] bytes, int offset, int length) {
		CRC32 crc = new CRC32();
		crc.update(bytes, offset, length);
		return (int) crc.getValue();
	}

}
