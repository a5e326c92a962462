package org.fashionmnist.server;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/** Pictures for tests, made with the JDK's own encoders, and hand-made PNG files that lie about their size. */
public final class ImageFixtures {

	private ImageFixtures() {
	}

	/** A grayscale picture of the 28x28 {@code pixels}, each pixel repeated {@code scale} times both ways. */
	public static BufferedImage gray(byte[] pixels, int scale) {
		BufferedImage image = new BufferedImage(28 * scale, 28 * scale, BufferedImage.TYPE_BYTE_GRAY);
		for (int y = 0; y < 28 * scale; y++) {
			for (int x = 0; x < 28 * scale; x++) {
				image.getRaster().setSample(x, y, 0, pixels[(y / scale) * 28 + x / scale] & 0xff);
			}
		}
		return image;
	}

	/**
	 * A colour picture of the 28x28 {@code pixels}: each value v becomes a tinted colour whose luma is v
	 * (within rounding), each pixel repeated {@code scale} times both ways.
	 */
	public static BufferedImage tinted(byte[] pixels, int scale) {
		BufferedImage image = new BufferedImage(28 * scale, 28 * scale, BufferedImage.TYPE_INT_RGB);
		for (int y = 0; y < 28 * scale; y++) {
			for (int x = 0; x < 28 * scale; x++) {
				int v = pixels[(y / scale) * 28 + x / scale] & 0xff;
				// Red up by 8 and blue down by 21 keep the luma: 0.299 * 8 - 0.114 * 21 = -0.002.
				boolean room = v >= 21 && v <= 247;
				int r = room ? v + 8 : v;
				int b = room ? v - 21 : v;
				image.setRGB(x, y, (r << 16) | (v << 8) | b);
			}
		}
		return image;
	}

	/** The 28x28 pixels inverted (255 - v). */
	public static byte[] inverted(byte[] pixels) {
		byte[] inverted = new byte[pixels.length];
		for (int i = 0; i < pixels.length; i++) {
			inverted[i] = (byte) (255 - (pixels[i] & 0xff));
		}
		return inverted;
	}

	/** Encodes with the JDK's writer for {@code format} (png, jpeg, gif, bmp); JPEG at quality 0.95. */
	public static byte[] encode(BufferedImage image, String format) {
		try {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			ImageWriter writer = ImageIO.getImageWritersByFormatName(format).next();
			try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
				writer.setOutput(stream);
				ImageWriteParam param = writer.getDefaultWriteParam();
				if (format.equals("jpeg")) {
					param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
					param.setCompressionQuality(0.95f);
				}
				writer.write(null, new IIOImage(image, null, null), param);
			}
			finally {
				writer.dispose();
			}
			return out.toByteArray();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The first half of the bytes. */
	public static byte[] truncated(byte[] bytes) {
		return Arrays.copyOf(bytes, bytes.length / 2);
	}

	/**
	 * A valid-looking 8-bit grayscale PNG of a few hundred bytes that declares {@code width} x
	 * {@code height} pixels: decoding it would inflate every row of zeros.
	 */
	public static byte[] pngDeclaring(int width, int height) {
		ByteArrayOutputStream png = new ByteArrayOutputStream();
		png.writeBytes(new byte[] { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' });
		ByteBuffer header = ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 0);
		chunk(png, "IHDR", header.array());
		Deflater deflater = new Deflater(9);
		deflater.setInput(new byte[64 * 1024]);
		deflater.finish();
		byte[] compressed = new byte[1024];
		int length = deflater.deflate(compressed);
		chunk(png, "IDAT", Arrays.copyOf(compressed, length));
		chunk(png, "IEND", new byte[0]);
		return png.toByteArray();
	}

	private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
		byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
		CRC32 crc = new CRC32();
		crc.update(typeBytes);
		crc.update(data);
		out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
		out.writeBytes(typeBytes);
		out.writeBytes(data);
		out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
	}

}
