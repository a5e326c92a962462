package org.fashionmnist.server.web.tomcat;

import java.util.concurrent.TimeUnit;

import org.apache.coyote.Processor;
import org.apache.coyote.http11.Http11NioProtocol;
import org.apache.tomcat.util.threads.ThreadPoolExecutor;

/**
 * Tomcat's HTTP/1.1 connector, changed in two respects: connections that are not being answered cost
 * little and cannot be held open for long (its endpoint, {@link LeanNioEndpoint}, and processors that hold
 * request bodies to a minimum rate, {@link BodyRateHttp11Processor}), and a graceful shutdown answers every
 * request that reaches it instead of dropping some.
 * <p>
 * Spring Boot's graceful shutdown pauses the connector, then closes its listening socket, then waits for
 * the requests in progress. A paused Tomcat closes a kept-alive connection as soon as the next request
 * arrives on it, without reading or answering it: a client that sent a request just after the signal (a
 * POST prediction, say) sees the connection close with no response and cannot tell whether the request
 * was processed. Here the first pause (Spring Boot's) only closes the listening socket: new connections
 * are refused, and Tomcat turns keep-alive off once the socket is closed, so a request arriving on an
 * open connection is answered in full with {@code Connection: close}, and the client opens its next
 * connection elsewhere. Every open connection thus carries at most one more request, and the wait for
 * requests in progress ends. A later pause pauses as usual.
 * <p>
 * That wait ends the moment no request is in progress, but a kept-alive connection may still bring its
 * one more request until the connector stops, and stopping closes every connection at once: a response
 * being written then is cut short, which no balancer can repair (nginx has already passed part of it on).
 * So stopping first pauses (a request arriving from then on is not read, and a balancer retries it
 * elsewhere), then waits up to {@value #IN_FLIGHT_WAIT_MILLIS} ms for the requests already being processed,
 * and only then stops.
 * <p>
 * Tomcat instantiates its protocol by class name, hence a public class with a public constructor.
 */
public class DrainingHttp11NioProtocol extends Http11NioProtocol {

	/** How long stopping waits for the requests being processed when it pauses. */
	static final long IN_FLIGHT_WAIT_MILLIS = 5_000;

	private volatile boolean draining;

	private final LeanNioEndpoint endpoint;

	public DrainingHttp11NioProtocol() {
		this(new LeanNioEndpoint());
	}

	private DrainingHttp11NioProtocol(LeanNioEndpoint endpoint) {
		super(endpoint);
		this.endpoint = endpoint;
	}

	/** The size of the read buffer a connection is lent while it is served (Tomcat's default, 8 KiB). */
	public void setReadBufferSize(int bytes) {
		this.endpoint.setReadBufferSize(bytes);
	}

	/** The size of the write buffer a connection is lent while it is served (Tomcat's default, 8 KiB). */
	public void setWriteBufferSize(int bytes) {
		this.endpoint.setWriteBufferSize(bytes);
	}

	/** The slowest average rate at which a request body may arrive, in bytes a second; 0 for none ({@link BodyRate}). */
	public void setMinBodyRate(long bytesPerSecond) {
		this.endpoint.setMinBodyRate(bytesPerSecond);
	}

	@Override
	protected Processor createProcessor() {
		return new BodyRateHttp11Processor(this, getAdapter());
	}

	@Override
	public void pause() throws Exception {
		if (this.draining) {
			super.pause();
			return;
		}
		this.draining = true;
		closeServerSocketGraceful();
	}

	@Override
	public void stop() throws Exception {
		super.pause();
		awaitRequestsInProgress();
		super.stop();
	}

	/** Until no worker thread is processing a connection, or {@value #IN_FLIGHT_WAIT_MILLIS} ms have passed. */
	private void awaitRequestsInProgress() throws InterruptedException {
		if (getExecutor() instanceof ThreadPoolExecutor workers) {
			long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(IN_FLIGHT_WAIT_MILLIS);
			while (workers.getActiveCount() > 0 && System.nanoTime() < deadline) {
				Thread.sleep(10);
			}
		}
	}

}
