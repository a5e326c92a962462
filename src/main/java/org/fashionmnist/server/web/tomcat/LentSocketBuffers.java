package org.fashionmnist.server.web.tomcat;

import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.util.Arrays;

import org.apache.tomcat.util.buf.ByteBufferUtils;
import org.apache.tomcat.util.net.SocketBufferHandler;
import org.jspecify.annotations.Nullable;

/**
 * A connection's socket buffers, held only while the connection is being served. Tomcat gives every
 * connection a read and a write buffer for as long as it is open (8 KiB and, here, 64 KiB): an idle
 * connection then costs as much heap as a busy one, and some 2,000 idle ones filled a 256 MB heap. Here
 * each buffer is taken from a {@link BufferPool} when Tomcat first asks for it and given back by
 * {@link #lendBack()} once it holds nothing, which {@link HeadFirstHandler} calls between requests: an
 * idle connection holds no buffer, and a request still writes 64 KiB at a time.
 * <p>
 * The methods keep {@link SocketBufferHandler}'s contract, which Tomcat's socket wrappers rely on: a
 * buffer that is not held reads as empty in the mode last configured, and is handed out so when asked for.
 * <p>
 * It also keeps what the connection needs between reads of a request head that arrives in parts
 * ({@link HeadFirstHandler}): the part received so far, as a byte array of its length, and whether the
 * connection has carried a request before.
 * <p>
 * Only the thread that serves the connection calls {@link #lendBack()}, while it holds the connection's
 * lock and no other thread (an asynchronous request's) may write to it.
 */
final class LentSocketBuffers extends SocketBufferHandler {

	private final BufferPool readPool;

	private final BufferPool writePool;

	private volatile @Nullable ByteBuffer readBuffer;

	private volatile boolean readBufferConfiguredForWrite = true;

	private volatile @Nullable ByteBuffer writeBuffer;

	private volatile boolean writeBufferConfiguredForWrite = true;

	private byte @Nullable [] partialHead;

	private boolean carriedRequest;

	private long headAwaitedSince;

	LentSocketBuffers(BufferPool readPool, BufferPool writePool) {
		super(0, 0, false);
		this.readPool = readPool;
		this.writePool = writePool;
	}

	// ---- read buffer

	@Override
	public void configureReadBufferForWrite() {
		setReadBufferConfiguredForWrite(true);
	}

	@Override
	public void configureReadBufferForRead() {
		setReadBufferConfiguredForWrite(false);
	}

	private void setReadBufferConfiguredForWrite(boolean forWrite) {
		ByteBuffer buffer = this.readBuffer;
		if (buffer != null && this.readBufferConfiguredForWrite != forWrite) {
			if (forWrite) {
				if (buffer.remaining() == 0) {
					buffer.clear();
				}
				else {
					buffer.compact();
				}
			}
			else {
				buffer.flip();
			}
		}
		this.readBufferConfiguredForWrite = forWrite;
	}

	@Override
	public ByteBuffer getReadBuffer() {
		ByteBuffer buffer = this.readBuffer;
		if (buffer == null) {
			buffer = this.readPool.take();
			if (!this.readBufferConfiguredForWrite) {
				buffer.limit(0);
			}
			this.readBuffer = buffer;
		}
		return buffer;
	}

	@Override
	public boolean isReadBufferEmpty() {
		ByteBuffer buffer = this.readBuffer;
		if (buffer == null) {
			return true;
		}
		return this.readBufferConfiguredForWrite ? buffer.position() == 0 : buffer.remaining() == 0;
	}

	/** As Tomcat's: puts {@code returnedData} back in front of what the read buffer holds. */
	@Override
	public void unReadReadBuffer(ByteBuffer returnedData) {
		if (isReadBufferEmpty()) {
			configureReadBufferForWrite();
			getReadBuffer().put(returnedData);
			return;
		}
		ByteBuffer buffer = getReadBuffer();
		int bytesReturned = returnedData.remaining();
		if (this.readBufferConfiguredForWrite) {
			if (buffer.position() + bytesReturned > buffer.capacity()) {
				throw new BufferOverflowException();
			}
			for (int i = buffer.position() - 1; i >= 0; i--) {
				buffer.put(i + bytesReturned, buffer.get(i));
			}
			for (int i = 0; i < bytesReturned; i++) {
				buffer.put(i, returnedData.get());
			}
			buffer.position(buffer.position() + bytesReturned);
		}
		else {
			int shiftRequired = bytesReturned - buffer.position();
			if (shiftRequired > 0) {
				if (buffer.capacity() - buffer.limit() < shiftRequired) {
					throw new BufferOverflowException();
				}
				int oldLimit = buffer.limit();
				buffer.limit(oldLimit + shiftRequired);
				for (int i = oldLimit - 1; i >= buffer.position(); i--) {
					buffer.put(i + shiftRequired, buffer.get(i));
				}
			}
			else {
				shiftRequired = 0;
			}
			int insertOffset = buffer.position() + shiftRequired - bytesReturned;
			for (int i = insertOffset; i < bytesReturned + insertOffset; i++) {
				buffer.put(i, returnedData.get());
			}
			buffer.position(insertOffset);
		}
	}

	// ---- write buffer

	@Override
	public void configureWriteBufferForWrite() {
		setWriteBufferConfiguredForWrite(true);
	}

	@Override
	public void configureWriteBufferForRead() {
		setWriteBufferConfiguredForWrite(false);
	}

	private void setWriteBufferConfiguredForWrite(boolean forWrite) {
		ByteBuffer buffer = this.writeBuffer;
		if (buffer != null && this.writeBufferConfiguredForWrite != forWrite) {
			if (forWrite) {
				if (buffer.remaining() == 0) {
					buffer.clear();
				}
				else {
					buffer.compact();
				}
			}
			else {
				buffer.flip();
			}
		}
		this.writeBufferConfiguredForWrite = forWrite;
	}

	@Override
	public boolean isWriteBufferWritable() {
		ByteBuffer buffer = this.writeBuffer;
		if (buffer == null) {
			return true;
		}
		return this.writeBufferConfiguredForWrite ? buffer.hasRemaining() : buffer.remaining() == 0;
	}

	@Override
	public ByteBuffer getWriteBuffer() {
		ByteBuffer buffer = this.writeBuffer;
		if (buffer == null) {
			buffer = this.writePool.take();
			if (!this.writeBufferConfiguredForWrite) {
				buffer.limit(0);
			}
			this.writeBuffer = buffer;
		}
		return buffer;
	}

	@Override
	public boolean isWriteBufferEmpty() {
		ByteBuffer buffer = this.writeBuffer;
		if (buffer == null) {
			return true;
		}
		return this.writeBufferConfiguredForWrite ? buffer.position() == 0 : buffer.remaining() == 0;
	}

	// ---- both

	@Override
	public void reset() {
		ByteBuffer read = this.readBuffer;
		if (read != null) {
			read.clear();
		}
		this.readBufferConfiguredForWrite = true;
		ByteBuffer write = this.writeBuffer;
		if (write != null) {
			write.clear();
		}
		this.writeBufferConfiguredForWrite = true;
		this.partialHead = null;
		this.carriedRequest = false;
		this.headAwaitedSince = 0;
	}

	@Override
	public void expand(int newSize) {
		configureReadBufferForWrite();
		this.readBuffer = ByteBufferUtils.expand(getReadBuffer(), newSize);
		configureWriteBufferForWrite();
		this.writeBuffer = ByteBufferUtils.expand(getWriteBuffer(), newSize);
	}

	/** The connection is gone: its buffers are left to the garbage collector (another thread may still hold them). */
	@Override
	public void free() {
		this.readBuffer = null;
		this.writeBuffer = null;
		this.partialHead = null;
	}

	/** Gives each buffer that holds nothing back to its pool; the next request takes one again. */
	void lendBack() {
		ByteBuffer read = this.readBuffer;
		if (read != null && isReadBufferEmpty()) {
			this.readBuffer = null;
			this.readBufferConfiguredForWrite = true;
			this.readPool.give(read);
		}
		ByteBuffer write = this.writeBuffer;
		if (write != null && isWriteBufferEmpty()) {
			this.writeBuffer = null;
			this.writeBufferConfiguredForWrite = true;
			this.writePool.give(write);
		}
	}

	/** Whether a buffer is held (for tests and the connection's accounting). */
	boolean holdsBuffers() {
		return this.readBuffer != null || this.writeBuffer != null;
	}

	// ---- a request head arriving in parts

	/**
	 * The read buffer, ready to have more of a request head read into it, holding the part of the head
	 * received so far.
	 */
	ByteBuffer headBuffer() {
		configureReadBufferForWrite();
		ByteBuffer buffer = getReadBuffer();
		byte[] part = this.partialHead;
		if (part != null) {
			buffer.put(part);
			this.partialHead = null;
		}
		return buffer;
	}

	/** Whether part of a request head has been received and the rest is awaited. */
	boolean awaitsRestOfHead() {
		return this.partialHead != null;
	}

	/**
	 * Keeps the bytes of {@code buffer} (the {@link #headBuffer()}) from {@code from} to its position, an
	 * incomplete head, in an array of their length, and gives the buffers back.
	 */
	void keepPartialHead(ByteBuffer buffer, int from) {
		int to = buffer.position();
		this.partialHead = (to > from) ? Arrays.copyOfRange(buffer.array(), buffer.arrayOffset() + from, buffer.arrayOffset() + to)
				: null;
		buffer.clear();
		lendBack();
	}

	/** Drops what was received of a head (the connection is closing) and gives the buffers back. */
	void dropHead() {
		this.partialHead = null;
		ByteBuffer buffer = this.readBuffer;
		if (buffer != null) {
			buffer.clear();
			this.readBufferConfiguredForWrite = true;
		}
		lendBack();
	}

	/** Whether this connection has carried a request before: the head of its next one starts with its first byte. */
	boolean carriedRequest() {
		return this.carriedRequest;
	}

	void requestHandedOver() {
		this.carriedRequest = true;
	}

	/**
	 * When a processor began waiting for the rest of a head it had started to parse (epoch milliseconds):
	 * {@code now} the first time it is asked, the same time until {@link #headCompleted()}.
	 */
	long headAwaitedSince(long now) {
		if (this.headAwaitedSince == 0) {
			this.headAwaitedSince = now;
		}
		return this.headAwaitedSince;
	}

	void headCompleted() {
		this.headAwaitedSince = 0;
	}

}
