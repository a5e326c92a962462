package org.fashionmnist.server.api;

import java.io.IOException;
import java.io.InputStream;

import jakarta.servlet.http.HttpServletRequest;

import org.fashionmnist.server.inference.InputTooLargeException;

import org.springframework.util.unit.DataSize;

/**
 * Reads a request body into memory, held to a size limit. A larger declared {@code Content-Length} is
 * refused before a byte is read, so a client cannot make the server buffer what it will refuse anyway;
 * a body without a declared length is read up to one byte past the limit.
 */
final class RequestBodies {

	private RequestBodies() {
	}

	/**
	 * The body of {@code request}.
	 * @throws InputTooLargeException (413) when it is over {@code limit}
	 */
	static byte[] read(HttpServletRequest request, DataSize limit) throws IOException {
		long max = limit.toBytes();
		long declared = request.getContentLengthLong();
		if (declared > max) {
			throw tooLarge(limit, declared + " bytes");
		}
		try (InputStream in = request.getInputStream()) {
			byte[] body = in.readNBytes((int) max + 1);
			if (body.length > max) {
				throw tooLarge(limit, "more than that");
			}
			return body;
		}
	}

	private static InputTooLargeException tooLarge(DataSize limit, String found) {
		return new InputTooLargeException("The request body may be at most " + limit.toBytes() + " bytes ("
				+ limit.toMegabytes() + " MiB); found " + found + ".");
	}

}
