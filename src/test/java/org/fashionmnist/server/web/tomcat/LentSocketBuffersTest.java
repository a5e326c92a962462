package org.fashionmnist.server.web.tomcat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A connection holds socket buffers only while they hold something, and otherwise behaves to Tomcat as its
 * own buffer handler does.
 */
class LentSocketBuffersTest {

	private final BufferPool readPool = new BufferPool(64, 4);

	private final BufferPool writePool = new BufferPool(256, 4);

	private final LentSocketBuffers buffers = new LentSocketBuffers(this.readPool, this.writePool);

	@Test
	void aNewConnectionHoldsNoBufferAndReadsAsEmpty() {
		assertThat(this.buffers.holdsBuffers()).isFalse();
		assertThat(this.buffers.isReadBufferEmpty()).isTrue();
		assertThat(this.buffers.isWriteBufferEmpty()).isTrue();
		assertThat(this.buffers.isWriteBufferWritable()).isTrue();
		assertThat(this.buffers.holdsBuffers()).as("asking did not take one").isFalse();
	}

	@Test
	void aBufferIsTakenWhenTomcatAsksForItWithTheConfiguredSize() {
		this.buffers.configureWriteBufferForWrite();
		ByteBuffer write = this.buffers.getWriteBuffer();

		assertThat(write.capacity()).isEqualTo(256);
		assertThat(write.position()).isZero();
		assertThat(write.remaining()).isEqualTo(256);
		assertThat(this.buffers.getReadBuffer().capacity()).isEqualTo(64);
		assertThat(this.buffers.holdsBuffers()).isTrue();
	}

	@Test
	void aBufferAskedForInReadModeIsEmptyForReading() {
		this.buffers.configureReadBufferForRead();

		assertThat(this.buffers.getReadBuffer().remaining()).isZero();
		this.buffers.configureWriteBufferForRead();
		assertThat(this.buffers.getWriteBuffer().remaining()).isZero();
	}

	@Test
	void writtenBuffersGoBackToTheirPoolOnceEmptyAndAreLentAgain() {
		this.buffers.configureWriteBufferForWrite();
		ByteBuffer write = this.buffers.getWriteBuffer();
		write.put(bytes("response"));
		this.buffers.configureWriteBufferForRead();
		this.buffers.getWriteBuffer().position(this.buffers.getWriteBuffer().limit()); // as if sent

		this.buffers.lendBack();

		assertThat(this.buffers.holdsBuffers()).isFalse();
		LentSocketBuffers other = new LentSocketBuffers(this.readPool, this.writePool);
		other.configureWriteBufferForWrite();
		assertThat(other.getWriteBuffer()).as("the same buffer, lent to another connection").isSameAs(write);
		assertThat(other.getWriteBuffer().position()).isZero();
	}

	@Test
	void aBufferThatStillHoldsBytesIsKept() {
		this.buffers.configureReadBufferForWrite();
		this.buffers.getReadBuffer().put(bytes("GET / HTTP/1.1\r\n"));
		this.buffers.configureWriteBufferForWrite();
		this.buffers.getWriteBuffer().put(bytes("unsent"));

		this.buffers.lendBack();

		assertThat(this.buffers.isReadBufferEmpty()).isFalse();
		assertThat(this.buffers.isWriteBufferEmpty()).isFalse();
		this.buffers.configureReadBufferForRead();
		assertThat(text(this.buffers.getReadBuffer())).isEqualTo("GET / HTTP/1.1\r\n");
	}

	@Test
	void readAndWriteModesSwitchAsTomcatsBuffersDo() {
		this.buffers.configureReadBufferForWrite();
		this.buffers.getReadBuffer().put(bytes("abcdef"));
		this.buffers.configureReadBufferForRead();
		this.buffers.getReadBuffer().get(new byte[2]);
		this.buffers.configureReadBufferForWrite();
		this.buffers.getReadBuffer().put(bytes("gh"));
		this.buffers.configureReadBufferForRead();

		assertThat(text(this.buffers.getReadBuffer())).isEqualTo("cdefgh");
		assertThat(this.buffers.isReadBufferEmpty()).isTrue();
	}

	@Test
	void bytesUnreadGoBackInFrontOfWhatIsLeft() {
		this.buffers.configureReadBufferForWrite();
		this.buffers.getReadBuffer().put(bytes("cdef"));
		this.buffers.unReadReadBuffer(ByteBuffer.wrap(bytes("ab")));
		this.buffers.configureReadBufferForRead();
		assertThat(text(this.buffers.getReadBuffer())).isEqualTo("abcdef");

		LentSocketBuffers reading = new LentSocketBuffers(this.readPool, this.writePool);
		reading.configureReadBufferForWrite();
		reading.getReadBuffer().put(bytes("xyz"));
		reading.configureReadBufferForRead();
		reading.getReadBuffer().get(); // "yz" left
		reading.unReadReadBuffer(ByteBuffer.wrap(bytes("uvw")));
		assertThat(text(reading.getReadBuffer())).isEqualTo("uvwyz");
	}

	@Test
	void anIncompleteHeadWaitsInAnArrayOfItsSizeWithoutAPooledBuffer() {
		ByteBuffer head = this.buffers.headBuffer();
		head.put(bytes("\r\nGET /api/v1/datasets HTTP/1.1\r\nHost: x\r\n"));

		this.buffers.keepPartialHead(head, 2);

		assertThat(this.buffers.holdsBuffers()).isFalse();
		assertThat(this.buffers.awaitsRestOfHead()).isTrue();
		ByteBuffer more = this.buffers.headBuffer();
		more.put(bytes("\r\n"));
		more.flip();
		assertThat(text(more)).isEqualTo("GET /api/v1/datasets HTTP/1.1\r\nHost: x\r\n\r\n");
		assertThat(this.buffers.awaitsRestOfHead()).isFalse();
	}

	@Test
	void aDroppedHeadLeavesNothingHeld() {
		this.buffers.headBuffer().put(bytes("GET / HT"));

		this.buffers.dropHead();

		assertThat(this.buffers.holdsBuffers()).isFalse();
		assertThat(this.buffers.awaitsRestOfHead()).isFalse();
		assertThat(this.buffers.isReadBufferEmpty()).isTrue();
	}

	@Test
	void aPoolKeepsAtMostItsShareAndDropsBuffersOfAnotherSize() {
		BufferPool pool = new BufferPool(16, 1);
		ByteBuffer first = pool.take();
		ByteBuffer second = pool.take();

		pool.give(first);
		pool.give(second);
		pool.give(ByteBuffer.allocate(32));

		assertThat(pool.take()).isSameAs(first);
		assertThat(pool.take()).isNotSameAs(second).isNotSameAs(first);
	}

	@Test
	void expandingGivesLargerBuffersThatAreNotPooled() {
		this.buffers.expand(512);

		assertThat(this.buffers.getReadBuffer().capacity()).isEqualTo(512);
		assertThat(this.buffers.getWriteBuffer().capacity()).isEqualTo(512);
		this.buffers.lendBack();
		assertThat(this.readPool.take().capacity()).isEqualTo(64);
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.US_ASCII);
	}

	private static String text(ByteBuffer buffer) {
		byte[] bytes = new byte[buffer.remaining()];
		buffer.get(bytes);
		return new String(bytes, StandardCharsets.US_ASCII);
	}

}
