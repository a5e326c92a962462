package org.fashionmnist.server.web.tomcat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

import org.apache.tomcat.util.net.NioChannel;
import org.apache.tomcat.util.net.NioEndpoint.NioSocketWrapper;
import org.apache.tomcat.util.net.SocketBufferHandler;

/**
 * A connection's channel that holds the body of the request being served to a {@link BodyRate}: every
 * read counts, and a read fails once the body arrived too slowly. {@link BodyRateHttp11Processor} marks
 * where each request begins and where its body ends.
 */
final class BodyRateChannel extends NioChannel {

	private final BodyRate rate;

	BodyRateChannel(SocketBufferHandler buffers, BodyRate rate) {
		super(buffers);
		this.rate = rate;
	}

	/** A request begins; what is read from now on is its body, until {@link #bodyEnded()}. */
	void requestBegins() {
		this.rate.start(System.nanoTime());
	}

	/** What is read from now on is not a body held to the rate. */
	void bodyEnded() {
		this.rate.stop();
	}

	/** A new connection (Tomcat may reuse a channel): no body is being read. */
	@Override
	public void reset(SocketChannel channel, NioSocketWrapper socketWrapper) throws IOException {
		super.reset(channel, socketWrapper);
		this.rate.stop();
	}

	@Override
	public int read(ByteBuffer dst) throws IOException {
		if (this.rate.counting()) {
			this.rate.check(System.nanoTime());
		}
		int read = super.read(dst);
		this.rate.received(read);
		return read;
	}

	@Override
	public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
		if (this.rate.counting()) {
			this.rate.check(System.nanoTime());
		}
		long read = super.read(dsts, offset, length);
		this.rate.received(read);
		return read;
	}

}
