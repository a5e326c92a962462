package org.fashionmnist.server.web.batch;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

import io.swagger.v3.oas.annotations.media.Schema;

import org.fashionmnist.server.tensor.Tensor;
import org.fashionmnist.server.tensor.TensorEncoder;
import org.fashionmnist.server.web.http.FastPath;

/**
 * A response body of tensors, written by {@link TensorPayloadHttpMessageConverter} (or
 * {@link BatchFastPath}) as it is encoded, gzip-compressed on the way when {@code gzip} (the caller
 * sends {@code Content-Encoding}). To OpenAPI it is what it is on the wire, a binary file.
 */
@Schema(type = "string", format = "binary")
record TensorPayload(TensorEncoder encoder, List<Tensor> tensors, boolean gzip) implements FastPath.Body {

	private static final int BUFFER_SIZE = 8 * 1024;

	TensorPayload(TensorEncoder encoder, List<Tensor> tensors) {
		this(encoder, tensors, false);
	}

	@Override
	public String contentType() {
		return this.encoder.contentType();
	}

	/** The exact length of the body, or -1 when it is only known afterwards (compressed, or so encoded). */
	@Override
	public long contentLength() {
		return this.gzip ? -1 : this.encoder.contentLength(this.tensors);
	}

	/**
	 * Encodes the tensors into {@code body}, through a small buffer of its own: encoders write headers
	 * a few bytes at a time (ZIP's writes single bytes), and each write to a response stream passes a
	 * lock. Tensors write their data in chunks larger than it ({@code Tensors}' 32 KiB), which go
	 * through without a copy. Compression is at the fastest level: what is compressed is JSON batches, up
	 * to some 70 MB, whose digits it still shrinks three to six times, in an eighth to a third of the time of
	 * the default level. Does not close {@code body}.
	 */
	@Override
	public void writeTo(OutputStream body) throws IOException {
		if (this.gzip) {
			FastGzipOutputStream gzipped = new FastGzipOutputStream(body);
			try {
				write(gzipped);
				gzipped.finish();
			}
			finally {
				gzipped.end();
			}
			return;
		}
		write(body);
	}

	private void write(OutputStream body) throws IOException {
		BufferedOutputStream buffered = new BufferedOutputStream(body, BUFFER_SIZE);
		this.encoder.write(buffered, this.tensors);
		buffered.flush();
	}

	/** gzip at {@link Deflater#BEST_SPEED}, releasing its native memory without closing the response. */
	private static final class FastGzipOutputStream extends GZIPOutputStream {

		FastGzipOutputStream(OutputStream out) throws IOException {
			super(out, BUFFER_SIZE);
			this.def.setLevel(Deflater.BEST_SPEED);
		}

		void end() {
			this.def.end();
		}

	}

}
