package org.fashionmnist.server.process;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.fashionmnist.server.ResponseHeads;

/**
 * A GET over a plain socket whose body is read no faster than a given rate, as a client on a slow
 * link reads it: the server's writes block, so the request stays in flight for seconds. It reports
 * exactly what arrived (status, declared length, bytes, SHA-256 of the body) or how the connection
 * failed, with nothing retried or hidden by an HTTP library. Once it is in flight it can also stop reading
 * until the test lets it go on, so that it is still in flight when something else has happened.
 */
final class SlowDownload implements Callable<SlowDownload.Result> {

	private static final int CHUNK = 64 * 1024;

	private final URI uri;

	private final long bytesPerSecond;

	private final long inFlightAfter;

	private final CountDownLatch inFlight;

	private final CountDownLatch resume;

	/**
	 * @param inFlight counted down once {@code inFlightAfter} bytes of the body have arrived
	 * @param resume what the rest of the body waits for once {@code inFlight} was counted down (two
	 * minutes at most, a guard against a hang); then it is read at the given rate again
	 */
	SlowDownload(URI uri, long bytesPerSecond, long inFlightAfter, CountDownLatch inFlight, CountDownLatch resume) {
		this.uri = uri;
		this.bytesPerSecond = bytesPerSecond;
		this.inFlightAfter = inFlightAfter;
		this.inFlight = inFlight;
		this.resume = resume;
	}

	/**
	 * What the client saw.
	 * @param status the response's status, or 0 if none arrived
	 * @param contentLength the declared {@code Content-Length}, or -1
	 * @param bytes how many body bytes arrived
	 * @param sha256 the digest of the body bytes that arrived
	 * @param failure how reading failed (a reset, a timeout), or null
	 * @param finishedNanos {@link System#nanoTime()} when the body was complete or reading failed
	 */
	record Result(int status, long contentLength, long bytes, String sha256, Exception failure, long finishedNanos) {

		boolean complete() {
			return this.failure == null && this.status == 200 && this.bytes == this.contentLength;
		}

	}

	@Override
	public Result call() {
		int status = 0;
		long contentLength = -1;
		long bytes = 0;
		MessageDigest sha256 = sha256();
		boolean counted = false;
		try (Socket socket = new Socket()) {
			// A small receive buffer keeps the rest of the body in the server, not in this kernel.
			socket.setReceiveBufferSize(CHUNK);
			socket.connect(new InetSocketAddress(this.uri.getHost(), this.uri.getPort()), 5000);
			socket.setSoTimeout(30_000);
			OutputStream out = socket.getOutputStream();
			out.write(("GET " + this.uri.getRawPath() + " HTTP/1.1\r\nHost: " + this.uri.getHost() + ":" + this.uri.getPort()
					+ "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = new BufferedInputStream(socket.getInputStream(), CHUNK);
			String head = ResponseHeads.read(in);
			status = Integer.parseInt(head.substring(9, 12));
			contentLength = ResponseHeads.contentLength(head);
			long start = System.nanoTime();
			long paced = 0;
			byte[] buffer = new byte[CHUNK];
			int n;
			while ((n = in.read(buffer)) != -1) {
				sha256.update(buffer, 0, n);
				bytes += n;
				if (!counted && bytes >= this.inFlightAfter) {
					counted = true;
					this.inFlight.countDown();
					awaitResume();
					start = System.nanoTime();
					paced = bytes;
				}
				pace(start, bytes - paced);
			}
			return new Result(status, contentLength, bytes, hex(sha256), null, System.nanoTime());
		}
		catch (IOException ex) {
			return new Result(status, contentLength, bytes, hex(sha256), ex, System.nanoTime());
		}
		finally {
			if (!counted) {
				this.inFlight.countDown(); // never leave the test waiting: the result tells what went wrong
			}
		}
	}

	private void awaitResume() {
		try {
			this.resume.await(2, TimeUnit.MINUTES);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** Sleeps until {@code bytes} are due at the configured rate. */
	private void pace(long start, long bytes) {
		long due = start + TimeUnit.SECONDS.toNanos(1) * bytes / this.bytesPerSecond;
		long ahead = due - System.nanoTime();
		if (ahead > 0) {
			try {
				TimeUnit.NANOSECONDS.sleep(ahead);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
	}

	static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static String hex(MessageDigest digest) {
		return HexFormat.of().formatHex(digest.digest());
	}

	static String sha256(byte[] content) {
		MessageDigest digest = sha256();
		digest.update(content);
		return hex(digest);
	}

}
