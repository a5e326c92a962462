package org.fashionmnist.server.web.tomcat;

import org.apache.tomcat.util.net.NioChannel;
import org.apache.tomcat.util.net.NioEndpoint;
import org.apache.tomcat.util.net.SocketBufferHandler;

/**
 * Tomcat's NIO endpoint with connections that cost little while they are not being answered and cannot
 * be held open for long: their socket buffers are lent from pools only while they are served
 * ({@link LentSocketBuffers}), request heads are read before a processor is attached and must be complete
 * within a deadline ({@link HeadFirstHandler}), and request bodies must arrive at a minimum rate
 * ({@link BodyRateChannel}). Plain connections only: with TLS it behaves as Tomcat's.
 * <p>
 * An idle connection so holds a few KiB (its socket, Tomcat's wrapper, selector key), not the 74 KiB of
 * buffers it held before, and {@code server.tomcat.max-connections} can be in the tens of thousands.
 */
final class LeanNioEndpoint extends NioEndpoint {

	private int readBufferSize = 8 * 1024;

	private int writeBufferSize = 8 * 1024;

	private long minBodyRate;

	private volatile BufferPool readBuffers = new BufferPool(this.readBufferSize, 0);

	private volatile BufferPool writeBuffers = new BufferPool(this.writeBufferSize, 0);

	LeanNioEndpoint() {
		// Tomcat allocates a buffer handler of these sizes for every connection it accepts, before it asks
		// createChannel for the channel; this endpoint lends buffers instead, so it asks Tomcat for none.
		getSocketProperties().setAppReadBufSize(0);
		getSocketProperties().setAppWriteBufSize(0);
	}

	/** The size of a connection's read buffer, Tomcat's {@code socket.appReadBufSize} (8 KiB). */
	void setReadBufferSize(int readBufferSize) {
		this.readBufferSize = readBufferSize;
	}

	/** The size of a connection's write buffer, Tomcat's {@code socket.appWriteBufSize} (8 KiB). */
	void setWriteBufferSize(int writeBufferSize) {
		this.writeBufferSize = writeBufferSize;
	}

	int getWriteBufferSize() {
		return this.writeBufferSize;
	}

	/** The slowest average rate of a request body, in bytes a second ({@link BodyRate}); 0 for none. */
	void setMinBodyRate(long bytesPerSecond) {
		this.minBodyRate = bytesPerSecond;
	}

	long getMinBodyRate() {
		return this.minBodyRate;
	}

	@Override
	public void startInternal() throws Exception {
		// As many buffers are in use at once as threads serve connections: that many are kept.
		int kept = Math.max(getMaxThreads(), 1);
		this.readBuffers = new BufferPool(this.readBufferSize, kept);
		this.writeBuffers = new BufferPool(this.writeBufferSize, kept);
		super.startInternal();
	}

	@Override
	protected NioChannel createChannel(SocketBufferHandler unused) {
		if (isSSLEnabled()) {
			return super.createChannel(
					new SocketBufferHandler(this.readBufferSize, this.writeBufferSize, getSocketProperties().getDirectBuffer()));
		}
		return new BodyRateChannel(new LentSocketBuffers(this.readBuffers, this.writeBuffers),
				new BodyRate(this.minBodyRate, getConnectionTimeout()));
	}

	@Override
	public void setHandler(Handler<NioChannel> handler) {
		super.setHandler(new HeadFirstHandler(handler, this::getConnectionTimeout));
	}

}
