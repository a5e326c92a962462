package org.fashionmnist.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** The head of an HTTP/1.1 response read off a plain socket, for tests that speak HTTP without a library. */
public final class ResponseHeads {

	private ResponseHeads() {
	}

	/** The status line and headers, up to and including the blank line; the body is left in {@code in}. */
	public static String read(InputStream in) throws IOException {
		ByteArrayOutputStream head = new ByteArrayOutputStream();
		int matched = 0;
		while (matched < 4) {
			int b = in.read();
			if (b == -1) {
				throw new IOException("The connection ended inside the response head: " + head);
			}
			head.write(b);
			matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : ((b == '\r') ? 1 : 0);
		}
		return head.toString(StandardCharsets.ISO_8859_1);
	}

	/**
	 * Reads the body that follows {@code head} off {@code in}: {@code Content-Length} bytes, or the chunks of
	 * a chunked one (decoded).
	 */
	public static byte[] readBody(InputStream in, String head) throws IOException {
		long length = contentLength(head);
		if (length >= 0) {
			return in.readNBytes((int) length);
		}
		if (!head.toLowerCase(Locale.ROOT).contains("\r\ntransfer-encoding: chunked\r\n")) {
			throw new IOException("A response with neither Content-Length nor chunked coding: " + head);
		}
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		while (true) {
			String size = line(in);
			int chunk = Integer.parseInt(size.split(";", 2)[0].trim(), 16);
			if (chunk == 0) {
				while (!line(in).isEmpty()) {
					// trailer fields
				}
				return body.toByteArray();
			}
			body.write(in.readNBytes(chunk));
			line(in);
		}
	}

	private static String line(InputStream in) throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		int b;
		while ((b = in.read()) != '\n') {
			if (b == -1) {
				throw new IOException("The connection ended inside a chunked body");
			}
			if (b != '\r') {
				line.write(b);
			}
		}
		return line.toString(StandardCharsets.ISO_8859_1);
	}

	/** The head's {@code Content-Length}, or -1 when it has none. */
	public static long contentLength(String head) {
		for (String line : head.split("\r\n")) {
			if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
				return Long.parseLong(line.substring("content-length:".length()).trim());
			}
		}
		return -1;
	}

}
