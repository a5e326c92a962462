package org.fashionmnist.server.web.batch;

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
		long length = payload.contentLength();
		return (length >= 0) ? length : null;
	}

	@Override
	protected void writeInternal(TensorPayload payload, HttpOutputMessage output) throws IOException {
		payload.writeTo(output.getBody());
	}

}
