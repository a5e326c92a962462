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
