package org.fashionmnist.server.web.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.Supplier;

import jakarta.servlet.http.HttpServletRequest;

import org.fashionmnist.server.inference.InputTooLargeException;

import org.springframework.util.unit.DataSize;

/**
 * Reads a request body into memory, held to a size limit. A larger declared {@code Content-Length} is
 * refused before a byte is read, so a client cannot make the server buffer what it will refuse anyway;
 * a body without a declared length is read up to one byte past the limit. A request refused before its
 * body is read has its body drained first, so that the client, still sending it, sees the answer.
 */
public final class RequestBodies {

	private RequestBodies() {
	}

	/**
	 * The body of {@code request}.
	 * @throws InputTooLargeException (413) when it is over {@code limit}
	 */
	public static byte[] read(HttpServletRequest request, DataSize limit) throws IOException {
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

	/**
	 * Decides about a request before its body is read: {@code decision}'s result, or its exception once the
	 * body (at most {@code limit} of it) has been read and dropped, so that the client, which is still
	 * sending it, sees the refusal rather than a reset connection.
	 */
	public static <T> T beforeReading(HttpServletRequest request, DataSize limit, Supplier<T> decision) throws IOException {
		try {
			return decision.get();
		}
		catch (RuntimeException ex) {
			discard(request, limit.toBytes());
			throw ex;
		}
	}

	private static void discard(HttpServletRequest request, long max) throws IOException {
		try (InputStream in = request.getInputStream()) {
			byte[] buffer = new byte[8192];
			long left = max + 1;
			int n;
			while (left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) != -1) {
				left -= n;
			}
		}
	}

}
