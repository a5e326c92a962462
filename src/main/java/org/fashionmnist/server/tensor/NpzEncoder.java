package org.fashionmnist.server.tensor;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes tensors as a numpy {@code .npz} file: a zip archive with one {@code NAME.npy} member (format
 * 1.0) per tensor, stored uncompressed like {@code numpy.savez} does, by the JDK's zip writer. A
 * stored member needs its CRC-32 before its data: the tensor gives it ({@link Tensor#crc32()}; a batch's
 * images from their rows' known checksums, without reading a pixel), and the npy header's is joined to
 * it ({@link Crc32Concatenation}); no copy of the bytes is kept. Every member carries the same fixed
 * timestamp, so the same tensors always give the same bytes.
 */
final class NpzEncoder implements TensorEncoder {

	/**
	 * A fixed local time, so no clock or time zone changes the bytes. Not 1980-01-01 00:00:00, the
	 * earliest DOS time, which numpy uses: the JDK takes that value for "before 1980" and adds an
	 * extended-timestamp field, which would change the length this encoder declares.
	 */
	private static final LocalDateTime TIMESTAMP = LocalDateTime.of(1980, 1, 1, 0, 0, 2);

	private static final int LOCAL_HEADER = 30;

	private static final int CENTRAL_HEADER = 46;

	private static final int END_OF_CENTRAL_DIRECTORY = 22;

	@Override
	public String version() {
		return "npz1";
	}

	@Override
	public String contentType() {
		return "application/zip";
	}

	@Override
	public String fileExtension() {
		return "npz";
	}

	@Override
	public long contentLength(List<Tensor> tensors) {
		long length = END_OF_CENTRAL_DIRECTORY;
		for (Tensor tensor : tensors) {
			int nameLength = memberName(tensor).getBytes(StandardCharsets.UTF_8).length;
			length += LOCAL_HEADER + CENTRAL_HEADER + 2L * nameLength + header(tensor).length + tensor.byteSize();
		}
		return length;
	}

	@Override
	public void write(OutputStream out, List<Tensor> tensors) throws IOException {
		try (ZipOutputStream zip = new ZipOutputStream(new UnclosableOutputStream(out), StandardCharsets.UTF_8)) {
			for (Tensor tensor : tensors) {
				byte[] header = header(tensor);
				zip.putNextEntry(storedEntry(memberName(tensor), header, tensor));
				zip.write(header);
				tensor.writeTo(zip);
				zip.closeEntry();
			}
		}
	}

	private static ZipEntry storedEntry(String name, byte[] header, Tensor tensor) throws IOException {
		CRC32 headerCrc = new CRC32();
		headerCrc.update(header);
		int crc = Crc32Concatenation.concatenate((int) headerCrc.getValue(), tensor.crc32(), tensor.byteSize());
		ZipEntry entry = new ZipEntry(name);
		entry.setMethod(ZipEntry.STORED);
		entry.setSize(header.length + tensor.byteSize());
		entry.setCompressedSize(header.length + tensor.byteSize());
		entry.setCrc(Integer.toUnsignedLong(crc));
		entry.setTimeLocal(TIMESTAMP);
		return entry;
	}

	private static byte[] header(Tensor tensor) {
		return NpyHeader.of(tensor.dtype().npyDescr(), tensor.shape());
	}

	private static String memberName(Tensor tensor) {
		return tensor.name() + ".npy";
	}

	/** Lets the zip stream release its resources on close without closing the stream it writes to. */
	private static final class UnclosableOutputStream extends FilterOutputStream {

		UnclosableOutputStream(OutputStream out) {
			super(out);
		}

		@Override
		public void write(byte[] bytes, int offset, int length) throws IOException {
			this.out.write(bytes, offset, length);
		}

		@Override
		public void close() throws IOException {
			flush();
		}

	}

}
