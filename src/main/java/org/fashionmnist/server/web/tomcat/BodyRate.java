package org.fashionmnist.server.web.tomcat;

import java.net.SocketTimeoutException;
import java.util.concurrent.TimeUnit;

/**
 * The slowest a request body may arrive: after a grace period, on average at least a given number of
 * bytes a second since the request began, counted over what is read of it. A thread waits for each read
 * of a body, so a client that sends one byte just before each read would time out (Tomcat's
 * {@code connectionTimeout} is per read) could otherwise hold a thread for as long as it likes. Bodies
 * the application does not read, which Tomcat reads and drops to keep the connection, are held to the
 * same rate. Kestrel (ASP.NET Core) has the same rule, with 240 bytes a second after 5 s; a body here
 * holds one of few threads, hence a higher rate.
 * <p>
 * One request at a time, on the thread that serves its connection; times are {@link System#nanoTime()}.
 */
final class BodyRate {

	private final long bytesPerSecond;

	private final long graceNanos;

	private long start;

	private boolean counting;

	private long received;

	/**
	 * @param bytesPerSecond the slowest average rate, 0 or less for no limit
	 * @param graceMillis how long a body may take before the rate counts
	 */
	BodyRate(long bytesPerSecond, long graceMillis) {
		this.bytesPerSecond = bytesPerSecond;
		this.graceNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(graceMillis, 0));
	}

	/** A request begins: its body, if it has one, is counted from {@code now}. */
	void start(long now) {
		this.start = now;
		this.received = 0;
		this.counting = this.bytesPerSecond > 0;
	}

	/** Reads from now on are not of a body (the next request's head, say). */
	void stop() {
		this.counting = false;
	}

	boolean counting() {
		return this.counting;
	}

	void received(long bytes) {
		if (this.counting && bytes > 0) {
			this.received += bytes;
		}
	}

	/**
	 * Whether a read may go on at {@code now}.
	 * @throws SocketTimeoutException if the body arrived more slowly than the rate; Tomcat answers a
	 * request whose body read fails so with 408 and closes the connection
	 */
	void check(long now) throws SocketTimeoutException {
		if (this.counting && now - this.start > allowedNanos()) {
			this.counting = false;
			throw new SocketTimeoutException("The request body arrived more slowly than " + this.bytesPerSecond
					+ " bytes a second (" + this.received + " bytes in " + TimeUnit.NANOSECONDS.toMillis(now - this.start) + " ms)");
		}
	}

	/** The time the bytes received so far may have taken: the grace period, and each byte at the rate. */
	private long allowedNanos() {
		long earned = (this.received >= Long.MAX_VALUE / 1_000_000_000L) ? Long.MAX_VALUE / 2
				: this.received * 1_000_000_000L / this.bytesPerSecond;
		return this.graceNanos + earned;
	}

}
