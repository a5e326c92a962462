package org.fashionmnist.server.image;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.Adler32;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Every stream is read back by the JDK's zlib inflater, which checks the format and the Adler-32. */
class RunLengthDeflaterTest {

	@Test
	void emptyAndSingleByteInputs() throws DataFormatException {
		assertRoundTrip(new byte[0]);
		assertRoundTrip(new byte[] { 0 });
		assertRoundTrip(new byte[] { (byte) 255 });
	}

	@Test
	void everyByteValueAsALiteral() throws DataFormatException {
		byte[] values = new byte[256];
		for (int i = 0; i < 256; i++) {
			values[i] = (byte) i;
		}
		assertRoundTrip(values);
	}

	@Test
	void runsOfEveryLengthUpToTwiceTheLongestMatch() throws DataFormatException {
		for (int run = 1; run <= 2 * 258 + 3; run++) {
			byte[] input = new byte[run + 2];
			input[0] = 7;
			Arrays.fill(input, 1, run + 1, (byte) 200);
			input[run + 1] = 9;
			assertRoundTrip(input);
		}
	}

	@Test
	void randomInputsWithRandomRuns() throws DataFormatException {
		Random random = new Random(42);
		for (int round = 0; round < 500; round++) {
			byte[] input = new byte[random.nextInt(3000)];
			for (int i = 0; i < input.length;) {
				int run = random.nextBoolean() ? 1 : random.nextInt(300);
				Arrays.fill(input, i, Math.min(input.length, i + run), (byte) random.nextInt(256));
				i += run;
			}
			assertRoundTrip(input);
		}
	}

	@Test
	void aLongInputKeepsAdler32Exact() throws DataFormatException {
		byte[] input = new byte[200_000];
		new Random(1).nextBytes(input);
		Arrays.fill(input, 50_000, 150_000, (byte) 255);
		assertRoundTrip(input);
		Adler32 adler = new Adler32();
		adler.update(input);
		assertThat(RunLengthDeflater.adler32(input, 0, input.length)).isEqualTo((int) adler.getValue());
	}

	@Test
	void fashionMnistImagesCompressWithinFifteenPercentOfZlib() throws IOException, DataFormatException {
		byte[] images;
		try (InputStream in = new GZIPInputStream(Files.newInputStream(Path.of("data/fashion-mnist/t10k-images-idx3-ubyte.gz")))) {
			images = in.readNBytes(16 + 1000 * 784);
		}
		long ours = 0;
		long zlib = 0;
		Deflater deflater = new Deflater();
		byte[] scratch = new byte[4096];
		for (int image = 0; image < 1000; image++) {
			byte[] rows = new byte[28 * 29];
			for (int y = 0; y < 28; y++) {
				System.arraycopy(images, 16 + image * 784 + y * 28, rows, y * 29 + 1, 28);
			}
			ours += assertRoundTrip(rows);
			deflater.reset();
			deflater.setInput(rows);
			deflater.finish();
			zlib += deflater.deflate(scratch);
		}
		assertThat(ours).isLessThan(zlib * 115 / 100).isLessThan(1000L * 28 * 29 * 3 / 4);
	}

	/** Compresses, inflates, compares; returns the compressed size. */
	private static int assertRoundTrip(byte[] input) throws DataFormatException {
		byte[] compressed = new byte[RunLengthDeflater.maxCompressedLength(input.length)];
		int length = RunLengthDeflater.compress(input, 0, input.length, compressed);
		assertThat(length).isLessThanOrEqualTo(compressed.length);
		Inflater inflater = new Inflater();
		inflater.setInput(compressed, 0, length);
		byte[] inflated = new byte[input.length + 1];
		int inflatedLength = inflater.inflate(inflated);
		assertThat(inflater.finished()).as("a complete stream, Adler-32 checked").isTrue();
		assertThat(inflater.getRemaining()).as("nothing after the stream").isZero();
		assertThat(Arrays.copyOf(inflated, inflatedLength)).isEqualTo(input);
		inflater.end();
		return length;
	}

}
