package org.fashionmnist.server.web.tomcat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.IntSupplier;

import org.apache.coyote.Processor;
import org.apache.tomcat.util.net.AbstractEndpoint.Handler;
import org.apache.tomcat.util.net.NioChannel;
import org.apache.tomcat.util.net.NioEndpoint.NioSocketWrapper;
import org.apache.tomcat.util.net.SocketEvent;
import org.apache.tomcat.util.net.SocketWrapperBase;

/**
 * Stands between Tomcat's NIO endpoint and its HTTP/1.1 connection handler, so that connections which are
 * not being answered cost little and cannot be held open for long:
 * <ul>
 * <li><b>A request head is read before a processor is given to it.</b> Tomcat attaches a processor (some
 * 40 KiB of buffers and request objects) to a connection as soon as its first byte arrives, and keeps it
 * until the head is complete: a client that sends a head one line at a time held that much each. Here
 * the bytes of an incomplete head wait in an array of their own size ({@link LentSocketBuffers}), and the
 * processor is called once the head's empty line has arrived (or the read buffer is full, for Tomcat to
 * refuse).</li>
 * <li><b>A head has a deadline.</b> Tomcat's {@code connectionTimeout} is per read: a client that sends a
 * byte before each read times out keeps its connection for ever. Here a head must be complete within one
 * {@code connectionTimeout}, counted from the connection's opening for its first request (so an idle new
 * connection is closed then too) and from its first byte for a later one; then the connection is closed,
 * by Tomcat's poller if the client is silent, or at its next read. A head that a processor began to parse
 * (the next of pipelined requests) keeps the same deadline.</li>
 * <li><b>Buffers are lent back between requests</b> ({@link LentSocketBuffers#lendBack()}).</li>
 * </ul>
 * Everything here runs on the thread that serves the connection, under the connection's lock, which
 * Tomcat takes before calling a handler.
 */
final class HeadFirstHandler implements Handler<NioChannel> {

	private static final byte CR = '\r';

	private static final byte LF = '\n';

	private final Handler<NioChannel> processors;

	private final IntSupplier connectionTimeout;

	/**
	 * @param processors Tomcat's handler, which gives connections to processors
	 * @param connectionTimeout the endpoint's {@code connectionTimeout}, in milliseconds
	 */
	HeadFirstHandler(Handler<NioChannel> processors, IntSupplier connectionTimeout) {
		this.processors = processors;
		this.connectionTimeout = connectionTimeout;
	}

	@Override
	public SocketState process(SocketWrapperBase<NioChannel> socket, SocketEvent event) {
		if (!(socket.getSocketBufferHandler() instanceof LentSocketBuffers buffers) || !(socket instanceof NioSocketWrapper wrapper)) {
			return this.processors.process(socket, event);
		}
		if (event == SocketEvent.OPEN_READ && socket.getCurrentProcessor() == null && buffers.isReadBufferEmpty()) {
			Head head = readHead(wrapper, buffers);
			if (head == Head.INCOMPLETE) {
				return SocketState.OPEN;
			}
			if (head == Head.ENDED) {
				return SocketState.CLOSED;
			}
			buffers.requestHandedOver();
		}
		return afterProcessing(wrapper, buffers, this.processors.process(socket, event));
	}

	/**
	 * Reads what has arrived of a request head into the read buffer, after what arrived of it before. A
	 * complete head stays there for the processor; an incomplete one is kept aside and the connection
	 * waits for more.
	 */
	private Head readHead(NioSocketWrapper socket, LentSocketBuffers buffers) {
		boolean firstBytes = !buffers.awaitsRestOfHead();
		ByteBuffer buffer = buffers.headBuffer();
		int read;
		try {
			read = socket.getSocket().read(buffer);
		}
		catch (IOException ex) {
			buffers.dropHead();
			return Head.ENDED;
		}
		byte[] bytes = buffer.array();
		int start = skipEmptyLines(bytes, buffer.arrayOffset(), buffer.arrayOffset() + buffer.position());
		if (endsHead(bytes, start, buffer.arrayOffset() + buffer.position()) || !buffer.hasRemaining()) {
			return Head.COMPLETE;
		}
		if (read < 0 || overdue(socket)) {
			buffers.dropHead();
			return Head.ENDED;
		}
		if (firstBytes && start < buffer.arrayOffset() + buffer.position() && buffers.carriedRequest()) {
			// The first byte of a later request's head: its deadline starts now (the wait for it was the keep-alive's).
			socket.updateLastRead();
			socket.setReadTimeout(this.connectionTimeout.getAsInt());
		}
		buffers.keepPartialHead(buffer, start - buffer.arrayOffset());
		socket.registerReadInterest();
		return Head.INCOMPLETE;
	}

	/**
	 * Whether the head being read is past its deadline, which is kept as Tomcat keeps a read timeout (the last
	 * read, or the connection's opening, plus the timeout) so that Tomcat's poller closes a silent connection
	 * at the same time. The poller checks every second or so, and skips a connection that is being served
	 * when it checks: one that sends a byte often enough can slip through every check. Hence this check on
	 * each read of a head too.
	 */
	private static boolean overdue(NioSocketWrapper socket) {
		long timeout = socket.getReadTimeout();
		return timeout > 0 && System.currentTimeMillis() - socket.getLastRead() > timeout;
	}

	/**
	 * After a processor had the connection: between requests, or waiting for the rest of a head it began to
	 * parse (the next of pipelined requests), the connection holds no buffer and no body is being read; in
	 * the second case the head's deadline holds. An asynchronous request keeps all it has.
	 */
	private SocketState afterProcessing(NioSocketWrapper socket, LentSocketBuffers buffers, SocketState state) {
		boolean awaitsHead = state == SocketState.LONG && socket.getCurrentProcessor() instanceof Processor processor
				&& !processor.isAsync() && !processor.isUpgrade();
		if (state != SocketState.OPEN && !awaitsHead) {
			return state;
		}
		if (socket.getSocket() instanceof BodyRateChannel channel) {
			channel.bodyEnded();
		}
		if (awaitsHead) {
			int timeout = this.connectionTimeout.getAsInt();
			if (timeout > 0) {
				long now = System.currentTimeMillis();
				long deadline = buffers.headAwaitedSince(now) + timeout;
				if (now >= deadline) {
					return SocketState.CLOSED;
				}
				socket.setReadTimeout(Math.max(1, deadline - socket.getLastRead()));
			}
		}
		else {
			buffers.headCompleted();
		}
		buffers.lendBack();
		return state;
	}

	/** The index of the first byte from {@code from} that is not CR or LF, which Tomcat skips before a request line. */
	static int skipEmptyLines(byte[] bytes, int from, int to) {
		int i = from;
		while (i < to && (bytes[i] == CR || bytes[i] == LF)) {
			i++;
		}
		return i;
	}

	/** Whether {@code bytes} from {@code from} to {@code to} hold an empty line (CRLF or LF alone, as Tomcat reads it). */
	static boolean endsHead(byte[] bytes, int from, int to) {
		for (int i = from; i < to; i++) {
			if (bytes[i] == LF) {
				int next = i + 1;
				if (next < to && bytes[next] == CR) {
					next++;
				}
				if (next < to && bytes[next] == LF) {
					return true;
				}
			}
		}
		return false;
	}

	@Override
	public Object getGlobal() {
		return this.processors.getGlobal();
	}

	@Override
	public void release(SocketWrapperBase<NioChannel> socket) {
		this.processors.release(socket);
	}

	@Override
	public void pause() {
		this.processors.pause();
	}

	@Override
	public void recycle() {
		this.processors.recycle();
	}

	private enum Head {

		/** The head's empty line arrived (or the buffer is full): the processor takes it from here. */
		COMPLETE,

		/** More is to come; the connection waits for it without a processor. */
		INCOMPLETE,

		/** The client closed (or reset) the connection before its head was complete. */
		ENDED

	}

}
