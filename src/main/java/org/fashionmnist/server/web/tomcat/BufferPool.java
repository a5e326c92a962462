package org.fashionmnist.server.web.tomcat;

import java.nio.ByteBuffer;

import org.apache.tomcat.util.collections.SynchronizedStack;

/**
 * Socket buffers of one size, lent to connections while they are served and given back between
 * requests ({@link LentSocketBuffers}). Only as many are kept as the connector has threads, since no more
 * are in use at once in the usual case; one that comes back to a full pool is left to the garbage
 * collector, and one asked of an empty pool is allocated. Last in, first out: the buffer lent next is the
 * one most recently used, still in the processor's cache.
 */
final class BufferPool {

	private final int bufferSize;

	private final SynchronizedStack<ByteBuffer> free;

	/**
	 * @param bufferSize the capacity of every buffer
	 * @param kept how many free buffers are kept at most
	 */
	BufferPool(int bufferSize, int kept) {
		if (bufferSize < 1 || kept < 0) {
			throw new IllegalArgumentException("A pool of " + kept + " buffers of " + bufferSize + " bytes");
		}
		this.bufferSize = bufferSize;
		this.free = new SynchronizedStack<>(Math.min(kept, 128), kept);
	}

	int bufferSize() {
		return this.bufferSize;
	}

	/** An empty buffer (position 0, limit its capacity), to be given back with {@link #give(ByteBuffer)}. */
	ByteBuffer take() {
		ByteBuffer buffer = this.free.pop();
		return (buffer != null) ? buffer : ByteBuffer.allocate(this.bufferSize);
	}

	/** Takes back a buffer no one uses any more; one of another size (an expanded one) is dropped. */
	void give(ByteBuffer buffer) {
		if (buffer.capacity() == this.bufferSize && !buffer.isDirect()) {
			buffer.clear();
			this.free.push(buffer);
		}
	}

}
