package org.fashionmnist.server.api;

import java.io.BufferedOutputStream;
import java.io.IOException;

import org.springframework.http.HttpInputMessage;
import org.springframework.http.HttpOutputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.converter.AbstractHttpMessageConverter;
import org.springframework.http.converter.HttpMessageNotReadableException;

/**
 * Encodes tensors straight into the response body, on the request's thread, with a
 * {@code Content-Length} when the format knows it in advance: no copy of the encoded bytes is ever
 * held in memory.
 */
class TensorPayloadHttpMessageConverter extends AbstractHttpMessageConverter<TensorPayload> {

	private static final int BUFFER_SIZE = 8 * 1024;

	TensorPayloadHttpMessageConverter() {
		super(MediaType.ALL);
	}

	@Override
	protected boolean supports(Class<?> type) {
		return TensorPayload.class == type;
	}

	@Override
	protected boolean canRead(MediaType mediaType) {
		return false;
	}

	@Override
	protected TensorPayload readInternal(Class<? extends TensorPayload> type, HttpInputMessage input) {
		throw new HttpMessageNotReadableException("Tensors are not accepted as a request body", input);
	}

	@Override
	protected MediaType getDefaultContentType(TensorPayload payload) {
		return MediaType.parseMediaType(payload.encoder().contentType());
	}

	@Override
	protected Long getContentLength(TensorPayload payload, MediaType contentType) {
		long length = payload.encoder().contentLength(payload.tensors());
		return (length >= 0) ? length : null;
	}

	/**
	 * Through a small buffer of its own: encoders write headers a few bytes at a time (ZIP's writes
	 * single bytes), and each write to the response stream passes a lock. Tensors write their data in
	 * chunks larger than it ({@code Tensors}' 32 KiB), which go through without a copy.
	 */
	@Override
	protected void writeInternal(TensorPayload payload, HttpOutputMessage output) throws IOException {
		long length = payload.encoder().contentLength(payload.tensors());
		int size = (int) ((length > 0) ? Math.min(length, BUFFER_SIZE) : BUFFER_SIZE);
		BufferedOutputStream body = new BufferedOutputStream(output.getBody(), size);
		payload.encoder().write(body, payload.tensors());
		body.flush();
	}

}
