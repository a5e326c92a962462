package org.fashionmnist.server.image;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PngEncoderTest {

	@ParameterizedTest
	@CsvSource({ "1, 1", "28, 28", "3, 500", "500, 3", "1000, 700" })
	void imageIoDecodesExactlyThePixelsWritten(int width, int height) throws Exception {
		byte[] pixels = new byte[width * height];
		new Random(width * 31L + height).nextBytes(pixels);
		// Repeat some rows so that both row filters are exercised.
		for (int y = 1; y < height; y += 3) {
			System.arraycopy(pixels, (y - 1) * width, pixels, y * width, width);
		}

		byte[] png = PngEncoder.encode(width, height, (y, row, at) -> System.arraycopy(pixels, y * width, row, at, width));

		BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
		assertThat(image.getWidth()).isEqualTo(width);
		assertThat(image.getHeight()).isEqualTo(height);
		for (int y = 0; y < height; y++) {
			for (int x = 0; x < width; x++) {
				assertThat(image.getRaster().getSample(x, y, 0)).isEqualTo(pixels[y * width + x] & 0xff);
			}
		}
	}

	@Test
	void largeImagesAreSplitIntoSeveralDataChunks() throws Exception {
		byte[] noise = new byte[2000 * 100];
		new Random(7).nextBytes(noise);
		ByteArrayOutputStream out = new ByteArrayOutputStream();

		PngEncoder.write(out, 2000, 100, (y, row, at) -> System.arraycopy(noise, y * 2000, row, at, 2000));

		String text = out.toString(java.nio.charset.StandardCharsets.ISO_8859_1);
		assertThat(text.split("IDAT", -1).length - 1).isGreaterThan(5);
		assertThat(ImageIO.read(new ByteArrayInputStream(out.toByteArray())).getRaster().getSample(1999, 99, 0))
			.isEqualTo(noise[noise.length - 1] & 0xff);
	}

	@Test
	void upscaledRowsCompressToAlmostNothing() {
		byte[] noise = new byte[28 * 28];
		new Random(3).nextBytes(noise);

		byte[] scaled = GrayImages.png(noise, 0, 28, 16, false);

		assertThat(scaled.length).isLessThan(4 * GrayImages.png(noise, 0, 28, 1, false).length);
	}

	@Test
	void writesTheBytesItsVersionNames() throws Exception {
		byte[] image = new byte[28 * 28];
		new Random(11).nextBytes(image);
		Arrays.fill(image, 0, 200, (byte) 0); // background runs, as in Fashion-MNIST
		Arrays.fill(image, 400, 700, (byte) 255);
		MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
		sha256.update(GrayImages.png(image, 0, 28, 1, false));
		sha256.update(GrayImages.png(image, 0, 28, 3, true));

		// Entity tags name PngEncoder.VERSION: bytes that change under the same version would let caches
		// keep stale images. (Small images only: larger ones go through zlib, which is the platform's.)
		assertThat(PngEncoder.VERSION + " " + HexFormat.of().formatHex(sha256.digest()))
			.as("if the bytes changed, give PngEncoder a new VERSION and pin it with the new digest")
			.isEqualTo("png2 fdd3f3e6c169270ba6c0c5494293f54aa05b36c182d94240e8ae7b5a12fe11a1");
	}

	@Test
	void refusesAnEmptyImage() {
		assertThatIllegalArgumentException().isThrownBy(() -> PngEncoder.encode(0, 5, (y, row, at) -> {
		}));
	}

}
