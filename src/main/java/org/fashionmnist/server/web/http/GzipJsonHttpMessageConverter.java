package org.fashionmnist.server.web.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Collections;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.ResolvableType;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpOutputMessage;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Writes JSON, gzip-compressed when the client accepts it and the document is at least 1 KiB.
 * <p>
 * Tomcat never compresses a response that has a strong entity tag, and a compressed body is a
 * different representation, so it must not reuse the identity body's strong tag either. Like Apache
 * httpd, this converter gives the gzip representation its own strong tag, the identity tag with
 * {@code -gzip} appended; {@link Responses} accepts both in {@code If-None-Match}.
 */
public class GzipJsonHttpMessageConverter extends JacksonJsonHttpMessageConverter {

	public static final int MIN_COMPRESSED_SIZE = 1024;

	public static final String GZIP_SUFFIX = "-gzip";

	public GzipJsonHttpMessageConverter(JsonMapper mapper) {
		super(mapper);
	}

	@Override
	protected void writeInternal(Object object, ResolvableType resolvableType, HttpOutputMessage outputMessage,
			@Nullable Map<String, Object> hints) throws IOException {
		HttpHeaders headers = outputMessage.getHeaders();
		if (!headers.getVary().contains(HttpHeaders.ACCEPT_ENCODING)) {
			headers.add(HttpHeaders.VARY, HttpHeaders.ACCEPT_ENCODING);
		}
		if (!clientAcceptsGzip()) {
			super.writeInternal(object, resolvableType, outputMessage, hints);
			return;
		}
		ByteArrayOutputStream json = new ByteArrayOutputStream(8192);
		super.writeInternal(object, resolvableType, new BufferedMessage(headers, json), hints);
		if (json.size() < MIN_COMPRESSED_SIZE) {
			headers.setContentLength(json.size());
			json.writeTo(outputMessage.getBody());
			return;
		}
		ByteArrayOutputStream compressed = new ByteArrayOutputStream(json.size() / 4 + 64);
		try (GZIPOutputStream gzip = new GZIPOutputStream(compressed, 8192)) {
			json.writeTo(gzip);
		}
		headers.set(HttpHeaders.CONTENT_ENCODING, "gzip");
		String etag = headers.getETag();
		if (etag != null && !etag.startsWith("W/")) {
			headers.setETag(gzipTag(etag));
		}
		headers.setContentLength(compressed.size());
		compressed.writeTo(outputMessage.getBody());
	}

	/** The strong entity tag of the gzip representation of the body tagged {@code etag}. */
	public static String gzipTag(String etag) {
		return etag.substring(0, etag.length() - 1) + GZIP_SUFFIX + '"';
	}

	private static boolean clientAcceptsGzip() {
		if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
			HttpServletRequest request = attributes.getRequest();
			return ContentCodings.acceptsGzip(Collections.list(request.getHeaders(HttpHeaders.ACCEPT_ENCODING)).toArray(String[]::new));
		}
		return false;
	}

	private record BufferedMessage(HttpHeaders headers, OutputStream body) implements HttpOutputMessage {

		@Override
		public HttpHeaders getHeaders() {
			return this.headers;
		}

		@Override
		public OutputStream getBody() {
			return this.body;
		}

	}

}
