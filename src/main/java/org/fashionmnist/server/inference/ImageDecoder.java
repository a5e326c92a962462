package org.fashionmnist.server.inference;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decodes an uploaded PNG, JPEG, GIF (first frame) or BMP picture into the 28x28 grayscale pixel values
 * of one instance. The format is recognised from the bytes, not from what the client declared. The size
 * the header declares is checked before any pixel is decoded, so a small file that claims a huge picture
 * (a decompression bomb) is refused at once; large pictures are decoded subsampled, so memory stays small.
 */
public final class ImageDecoder {

	/** Decode at least this many source pixels per output pixel along the shorter side. */
	private static final int OVERSAMPLING = 16;

	/** Decode at most about this many pixels of a large picture (subsampling the rest). */
	private static final long DECODED_PIXELS = 4_000_000;

	private static final List<String> FORMATS = List.of("png", "jpeg", "gif", "bmp");

	private final long maxPixels;

	private final List<ImageReaderSpi> providers;

	/** @param maxPixels the most pixels (width x height) a picture may declare */
	public ImageDecoder(long maxPixels) {
		this.maxPixels = maxPixels;
		this.providers = FORMATS.stream().map(ImageDecoder::provider).toList();
	}

	public long maxPixels() {
		return this.maxPixels;
	}

	/**
	 * The 28x28 pixel values of the picture, row-major.
	 * @throws InvalidInputException when the bytes are empty, not a picture of a supported format, or damaged
	 * @throws InputTooLargeException when the picture declares more than the allowed pixels
	 */
	public float[] decode(byte[] bytes, Inversion inversion) {
		if (bytes.length == 0) {
			throw new InvalidInputException("The image is empty: expected the bytes of a PNG, JPEG, GIF or BMP file, found none.");
		}
		try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
			ImageReaderSpi provider = recognise(in);
			String format = provider.getFormatNames()[0].toUpperCase(Locale.ROOT);
			ImageReader reader = provider.createReaderInstance();
			try {
				return GrayResampler.toInstance(read(reader, in, format), inversion);
			}
			catch (IOException | RuntimeException ex) {
				if (ex instanceof InvalidInputException invalid) {
					throw invalid;
				}
				throw new InvalidInputException("The " + format + " image is truncated or damaged: it cannot be decoded.", ex);
			}
			finally {
				reader.dispose();
			}
		}
		catch (IOException ex) {
			throw new InvalidInputException("The image cannot be read.", ex);
		}
	}

	private BufferedImage read(ImageReader reader, ImageInputStream in, String format) throws IOException {
		reader.setInput(in, true, true);
		int width = reader.getWidth(0);
		int height = reader.getHeight(0);
		long pixels = (long) width * height;
		if (pixels > this.maxPixels) {
			throw new InputTooLargeException("The " + format + " image declares " + width + "x" + height + " pixels ("
					+ pixels + "), more than the " + this.maxPixels + " this server decodes; it was not decoded.");
		}
		List<String> warnings = new ArrayList<>();
		reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
		ImageReadParam param = reader.getDefaultReadParam();
		int step = subsampling(width, height);
		if (step > 1) {
			param.setSourceSubsampling(step, step, 0, 0);
		}
		BufferedImage image = reader.read(0, param);
		if (!warnings.isEmpty()) {
			throw new InvalidInputException("The " + format + " image is truncated or damaged (" + warnings.get(0) + ").");
		}
		return image;
	}

	static int subsampling(int width, int height) {
		int step = Math.max(1, Math.min(width, height) / (Instances.SIDE * OVERSAMPLING));
		long pixels = (long) width * height;
		while (pixels / ((long) step * step) > DECODED_PIXELS) {
			step++;
		}
		return step;
	}

	private ImageReaderSpi recognise(ImageInputStream in) {
		for (ImageReaderSpi provider : this.providers) {
			try {
				if (provider.canDecodeInput(in)) {
					return provider;
				}
			}
			catch (IOException ex) {
				// Too short for this format's signature: try the next one.
			}
		}
		throw new InvalidInputException("The bytes are not a PNG, JPEG, GIF or BMP image.");
	}

	private static ImageReaderSpi provider(String format) {
		ImageReader reader = ImageIO.getImageReadersByFormatName(format).next();
		try {
			return reader.getOriginatingProvider();
		}
		finally {
			reader.dispose();
		}
	}

}
