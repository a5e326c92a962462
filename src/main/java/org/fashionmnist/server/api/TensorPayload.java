package org.fashionmnist.server.api;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

import org.fashionmnist.server.tensor.Tensor;
import org.fashionmnist.server.tensor.TensorEncoder;

/**
 * A response body of tensors, written by {@link TensorPayloadHttpMessageConverter} (or
 * {@link BatchFastPath}) as it is encoded. To OpenAPI it is what it is on the wire, a binary file.
 */
@Schema(type = "string", format = "binary")
record TensorPayload(TensorEncoder encoder, List<Tensor> tensors) implements FastPath.Body {

	private static final int BUFFER_SIZE = 8 * 1024;

	@Override
	public String contentType() {
		return this.encoder.contentType();
	}

	/** The exact length of the encoded body, or -1 when the format only knows it afterwards. */
	@Override
	public long contentLength() {
		return this.encoder.contentLength(this.tensors);
	}

	/**
	 * Encodes the tensors into {@code body}, through a small buffer of its own: encoders write headers
	 * a few bytes at a time (ZIP's writes single bytes), and each write to a response stream passes a
	 * lock. Tensors write their data in chunks larger than it ({@code Tensors}' 32 KiB), which go
	 * through without a copy. Does not close {@code body}.
	 */
	@Override
	public void writeTo(OutputStream body) throws IOException {
		BufferedOutputStream buffered = new BufferedOutputStream(body, BUFFER_SIZE);
		this.encoder.write(buffered, this.tensors);
		buffered.flush();
	}

}
