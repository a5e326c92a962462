package org.fashionmnist.server.inference;

import java.awt.image.BufferedImage;
import java.lang.management.ManagementFactory;

import com.sun.management.ThreadMXBean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.fashionmnist.server.ImageFixtures;
import org.fashionmnist.server.OriginalFiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Decoding uploaded pictures into 28x28 instances: formats, colour, size, inversion and damage. */
class ImageDecoderTest {

	private static final byte[] STORED = OriginalFiles.image("t10k", 0);

	private final ImageDecoder decoder = new ImageDecoder(40_000_000);

	@ParameterizedTest
	@ValueSource(strings = { "png", "gif", "bmp" })
	void aLosslessGrayPictureOf28x28GivesExactlyItsPixels(String format) {
		float[] pixels = this.decoder.decode(ImageFixtures.encode(ImageFixtures.gray(STORED, 1), format), Inversion.FALSE);

		assertThat(pixels).containsExactly(floats(STORED));
	}

	@Test
	void aJpegGivesNearlyItsPixels() {
		float[] pixels = this.decoder.decode(ImageFixtures.encode(ImageFixtures.gray(STORED, 1), "jpeg"), Inversion.FALSE);

		assertThat(meanAbsoluteDifference(pixels, floats(STORED))).isLessThan(4);
	}

	@Test
	void aLargeColourPictureIsConvertedToLumaAndShrunkByAreaAveraging() {
		BufferedImage large = ImageFixtures.tinted(STORED, 40); // 1120x1120, decoded subsampled by 2

		float[] pixels = this.decoder.decode(ImageFixtures.encode(large, "png"), Inversion.FALSE);

		float[] expected = floats(STORED);
		for (int i = 0; i < 784; i++) {
			assertThat(pixels[i]).as("pixel %d", i).isBetween(expected[i] - 1, expected[i] + 1);
		}
	}

	@Test
	void aPictureThatIsNotSquareIsPaddedWithItsBorderColour() {
		BufferedImage wide = new BufferedImage(56, 28, BufferedImage.TYPE_BYTE_GRAY);
		for (int x = 0; x < 56; x++) {
			for (int y = 0; y < 28; y++) {
				boolean block = x >= 20 && x < 36 && y >= 4 && y < 24;
				wide.getRaster().setSample(x, y, 0, block ? 200 : 50);
			}
		}

		float[] pixels = this.decoder.decode(ImageFixtures.encode(wide, "png"), Inversion.FALSE);

		// On a 56x56 canvas (14 rows of padding above and below) shrunk by 2, the block covers canvas rows
		// 18..37 and columns 20..35: output rows 9..18 and columns 10..17.
		assertThat(pixels[0]).as("padding").isEqualTo(50);
		assertThat(pixels[9 * 28 + 10]).isEqualTo(200);
		assertThat(pixels[18 * 28 + 17]).isEqualTo(200);
		assertThat(pixels[8 * 28 + 14]).isEqualTo(50);
		assertThat(pixels[19 * 28 + 14]).isEqualTo(50);
		assertThat(pixels[14 * 28 + 9]).isEqualTo(50);
		assertThat(pixels[14 * 28 + 18]).isEqualTo(50);
	}

	@Test
	void autoInvertsADarkArticleOnALightBackground() {
		byte[] dark = ImageFixtures.inverted(STORED);

		float[] auto = this.decoder.decode(ImageFixtures.encode(ImageFixtures.gray(dark, 3), "png"), Inversion.AUTO);
		float[] never = this.decoder.decode(ImageFixtures.encode(ImageFixtures.gray(dark, 1), "png"), Inversion.FALSE);
		float[] always = this.decoder.decode(ImageFixtures.encode(ImageFixtures.gray(STORED, 1), "png"), Inversion.TRUE);

		assertThat(auto).containsExactly(floats(STORED));
		assertThat(never).containsExactly(floats(dark));
		assertThat(always).containsExactly(floats(dark));
		assertThat(this.decoder.decode(ImageFixtures.encode(ImageFixtures.gray(STORED, 1), "png"), Inversion.AUTO))
			.as("light on dark stays").containsExactly(floats(STORED));
	}

	@Test
	void transparencyIsShownOverWhite() {
		BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_INT_ARGB);
		image.setRGB(14, 14, 0xff000000); // one opaque black pixel on a transparent canvas

		float[] pixels = this.decoder.decode(ImageFixtures.encode(image, "png"), Inversion.FALSE);
		float[] inverted = this.decoder.decode(ImageFixtures.encode(image, "png"), Inversion.AUTO);

		assertThat(pixels[0]).isEqualTo(255);
		assertThat(pixels[14 * 28 + 14]).isZero();
		assertThat(inverted[0]).isZero();
		assertThat(inverted[14 * 28 + 14]).isEqualTo(255);
	}

	@Test
	void aPictureDeclaringTooManyPixelsIsRefusedWithoutDecodingIt() {
		byte[] bomb = ImageFixtures.pngDeclaring(20_000, 20_000);
		// Decoding would take a raster of 400 MB: what this thread allocates while it refuses the picture tells
		// whether it started to. Refused once first, so that loading classes on the way does not count.
		refusal(bomb);
		ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
		long before = threads.getCurrentThreadAllocatedBytes();

		RuntimeException refusal = refusal(bomb);

		long allocated = threads.getCurrentThreadAllocatedBytes() - before;
		assertThat(refusal).isInstanceOf(InputTooLargeException.class).hasMessageContaining("20000x20000").hasMessageContaining("40000000");
		assertThat(allocated).as("bytes allocated to refuse it").isLessThan(4L << 20);
		assertThat(bomb.length).isLessThan(1000);
	}

	@ParameterizedTest
	@CsvSource({ "png, PNG", "jpeg, JPEG" })
	void aTruncatedPictureIsRefused(String format, String name) {
		byte[] truncated = ImageFixtures.truncated(ImageFixtures.encode(ImageFixtures.tinted(STORED, 10), format));

		assertThatExceptionOfType(InvalidInputException.class).isThrownBy(() -> this.decoder.decode(truncated, Inversion.AUTO))
			.withMessageContaining("The " + name + " image is truncated or damaged");
	}

	@Test
	void bytesThatAreNotAPictureAreRefused() {
		assertThatExceptionOfType(InvalidInputException.class)
			.isThrownBy(() -> this.decoder.decode("hello, world".getBytes(), Inversion.AUTO))
			.withMessage("The bytes are not a PNG, JPEG, GIF or BMP image.");
		assertThatExceptionOfType(InvalidInputException.class).isThrownBy(() -> this.decoder.decode(new byte[0], Inversion.AUTO))
			.withMessageContaining("The image is empty");
	}

	@Test
	void largePicturesAreDecodedSubsampled() {
		assertThat(ImageDecoder.subsampling(28, 28)).isEqualTo(1);
		assertThat(ImageDecoder.subsampling(896, 600)).isEqualTo(1);
		assertThat(ImageDecoder.subsampling(4000, 3000)).isEqualTo(6);
		assertThat(ImageDecoder.subsampling(40_000, 1000)).isEqualTo(4);
	}

	private static float[] floats(byte[] bytes) {
		float[] floats = new float[bytes.length];
		for (int i = 0; i < bytes.length; i++) {
			floats[i] = bytes[i] & 0xff;
		}
		return floats;
	}

	private static double meanAbsoluteDifference(float[] a, float[] b) {
		double sum = 0;
		for (int i = 0; i < a.length; i++) {
			sum += Math.abs(a[i] - b[i]);
		}
		return sum / a.length;
	}

	/** What decoding {@code bytes} throws, or null. */
	private RuntimeException refusal(byte[] bytes) {
		try {
			this.decoder.decode(bytes, Inversion.AUTO);
			return null;
		}
		catch (RuntimeException ex) {
			return ex;
		}
	}

}
