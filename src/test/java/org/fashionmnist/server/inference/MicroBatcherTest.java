package org.fashionmnist.server.inference;

import java.nio.FloatBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.fashionmnist.server.inference.OnnxClassifier.Segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.fail;

/**
 * Batching, bounded concurrency and admission, against a fake model that the test can hold up. A test
 * waits for what it needs to have happened (a call running, images queued), never for a while: a sleep
 * or a time limit that holds on an idle machine need not hold on a busy one.
 */
class MicroBatcherTest {

	private final ExecutorService threads = Executors.newCachedThreadPool();

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	@AfterEach
	void stop() {
		this.threads.shutdownNow();
	}

	@Test
	void aLoneRequestIsSplitIntoBatchesOfAtMostTheMaximumSize() {
		FakeModel model = new FakeModel();
		MicroBatcher batcher = batcher(model, 4, 1, 100, Duration.ofSeconds(5), Duration.ofSeconds(1));

		float[] probabilities = batcher.classify(images(10), 10);

		assertThat(model.batchSizes).containsExactly(4, 4, 2);
		for (int i = 0; i < 10; i++) {
			assertThat(probabilities[i * 10 + 3]).as("image %d", i).isEqualTo(i);
		}
	}

	@Test
	void aLoneLargeRequestIsSharedOutAmongTheFreeWorkersAtOnce() throws Exception {
		FakeModel model = new FakeModel();
		model.hold();
		MicroBatcher batcher = batcher(model, 256, 2, 1000, Duration.ofSeconds(5), Duration.ofSeconds(1));
		Future<float[]> request = this.threads.submit(() -> batcher.classify(images(101), 101));

		model.awaitConcurrent(2);
		model.release();

		float[] probabilities = request.get(5, TimeUnit.SECONDS);
		assertThat(model.batchSizes).containsExactlyInAnyOrder(MicroBatcher.PART, MicroBatcher.PART, MicroBatcher.PART,
				101 - 3 * MicroBatcher.PART);
		for (int i = 0; i < 101; i++) {
			assertThat(probabilities[i * 10 + 3]).as("image %d", i).isEqualTo(i);
		}
	}

	@Test
	void aRequestArrivingWhileAnotherIsSharedOutGoesBeforeTheRestOfIt() throws Exception {
		FakeModel model = new FakeModel();
		model.hold();
		MicroBatcher batcher = batcher(model, 256, 2, 1000, Duration.ofSeconds(5), Duration.ofSeconds(1));
		Future<float[]> large = this.threads.submit(() -> batcher.classify(images(256), 256));
		model.awaitConcurrent(2);
		float[] pixels = images(1);
		pixels[0] = 7;
		Future<float[]> picture = this.threads.submit(() -> batcher.classify(pixels, 1));
		awaitQueuedImages(256 - 2 * MicroBatcher.PART + 1);

		model.releaseAndHold();
		model.awaitStarted(4);

		assertThat(model.requestSizesByCall.subList(2, 4))
			.as("the two calls after the first parts: one of them is the picture's own")
			.anySatisfy((requestSizes) -> assertThat(requestSizes).containsExactly(1));
		assertThat(large.isDone()).isFalse();
		model.release();
		assertThat(picture.get(5, TimeUnit.SECONDS)[3]).isEqualTo(7);
		float[] probabilities = large.get(5, TimeUnit.SECONDS);
		for (int i = 0; i < 256; i++) {
			assertThat(probabilities[i * 10 + 3]).as("image %d", i).isEqualTo(i);
		}
		assertThat(model.batchSizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(257);
	}

	@Test
	void aRequestTooSmallToShareOutRunsInOneCall() {
		FakeModel model = new FakeModel();
		MicroBatcher batcher = batcher(model, 256, 2, 1000, Duration.ofSeconds(5), Duration.ofSeconds(1));

		batcher.classify(images(2 * MicroBatcher.PART - 1), 2 * MicroBatcher.PART - 1);

		assertThat(model.batchSizes).containsExactly(2 * MicroBatcher.PART - 1);
	}

	@Test
	void aRequestThatFindsOneSlotFreeIsNotShared() throws Exception {
		FakeModel model = new FakeModel();
		model.hold();
		MicroBatcher batcher = batcher(model, 256, 2, 1000, Duration.ofSeconds(5), Duration.ofSeconds(1));
		Future<float[]> first = this.threads.submit(() -> batcher.classify(images(1), 1));
		model.awaitRunning();
		Future<float[]> large = this.threads.submit(() -> batcher.classify(images(100), 100));
		model.awaitConcurrent(2);

		model.release();

		assertThat(first.get(5, TimeUnit.SECONDS)).hasSize(10);
		assertThat(large.get(5, TimeUnit.SECONDS)).hasSize(1000);
		assertThat(model.batchSizes).containsExactlyInAnyOrder(1, 100);
	}

	@Test
	void aRequestLargerThanABatchKeepsEveryWorkerBusyUntilItIsDone() throws Exception {
		FakeModel model = new FakeModel();
		model.hold();
		MicroBatcher batcher = batcher(model, 64, 2, 1000, Duration.ofSeconds(5), Duration.ofSeconds(1));
		Future<float[]> request = this.threads.submit(() -> batcher.classify(images(640), 640));

		model.awaitConcurrent(2);
		model.release();

		float[] probabilities = request.get(5, TimeUnit.SECONDS);

		assertThat(model.batchSizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(640);
		assertThat(model.batchSizes).as("shared out, so in parts").allSatisfy((size) -> assertThat(size).isEqualTo(MicroBatcher.PART));
		assertThat(model.maxConcurrent).isEqualTo(2);
		for (int i = 0; i < 640; i++) {
			assertThat(probabilities[i * 10 + 3]).as("image %d", i).isEqualTo(i);
		}
	}

	@Test
	void requestsThatWaitTogetherShareOneCall() throws Exception {
		FakeModel model = new FakeModel();
		model.hold();
		MicroBatcher batcher = batcher(model, 64, 1, 100, Duration.ofSeconds(5), Duration.ofSeconds(1));
		Future<float[]> first = this.threads.submit(() -> batcher.classify(images(1), 1));
		model.awaitRunning();
		List<Future<float[]>> waiting = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			waiting.add(this.threads.submit(() -> batcher.classify(images(2), 2)));
		}
		awaitQueuedImages(10);

		model.release();

		assertThat(first.get(5, TimeUnit.SECONDS)).hasSize(10);
		for (Future<float[]> request : waiting) {
			assertThat(request.get(5, TimeUnit.SECONDS)).hasSize(20);
		}
		assertThat(model.batchSizes).containsExactly(1, 10);
	}

	@Test
	void aRequestThatFindsTheQueueFullIsRefusedAtOnce() throws Exception {
		FakeModel model = new FakeModel();
		model.hold();
		MicroBatcher batcher = batcher(model, 8, 1, 8, Duration.ofSeconds(5), Duration.ofSeconds(3));
		Future<float[]> running = this.threads.submit(() -> batcher.classify(images(8), 8));
		model.awaitRunning();
		Future<float[]> queued = this.threads.submit(() -> batcher.classify(images(6), 6));
		awaitQueuedImages(6);

		assertThatExceptionOfType(ModelOverloadedException.class).isThrownBy(() -> batcher.classify(images(3), 3))
			.withMessageContaining("6 images are already waiting (at most 8)")
			.satisfies((ex) -> assertThat(ex.retryAfter()).isEqualTo(Duration.ofSeconds(3)));
		model.release();
		assertThat(running.get(5, TimeUnit.SECONDS)).hasSize(80);
		assertThat(queued.get(5, TimeUnit.SECONDS)).hasSize(60);
	}

	@Test
	void aRequestThatWaitsTooLongIsRefusedAndLeavesTheQueue() throws Exception {
		FakeModel model = new FakeModel();
		model.hold();
		MicroBatcher batcher = batcher(model, 8, 1, 100, Duration.ofMillis(50), Duration.ofSeconds(1));
		Future<float[]> running = this.threads.submit(() -> batcher.classify(images(8), 8));
		model.awaitRunning();

		Future<float[]> waiting = this.threads.submit(() -> batcher.classify(images(1), 1));

		assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> waiting.get(30, TimeUnit.SECONDS))
			.havingCause()
			.isInstanceOf(ModelOverloadedException.class)
			.withMessageContaining("waited 50 ms");
		assertThat(queuedImages()).as("images left in the queue").isZero();
		model.release();
		assertThat(running.get(5, TimeUnit.SECONDS)).hasSize(80);
		assertThat(batcher.classify(images(1), 1)).hasSize(10);
		assertThat(model.batchSizes).containsExactly(8, 1);
	}

	@Test
	void atMostTheConfiguredNumberOfCallsRunAtOnce() throws Exception {
		FakeModel model = new FakeModel();
		model.delay = 20;
		MicroBatcher batcher = batcher(model, 2, 2, 1000, Duration.ofSeconds(10), Duration.ofSeconds(1));
		List<Future<float[]>> requests = new ArrayList<>();
		for (int i = 0; i < 12; i++) {
			requests.add(this.threads.submit(() -> batcher.classify(images(3), 3)));
		}
		for (Future<float[]> request : requests) {
			assertThat(request.get(10, TimeUnit.SECONDS)).hasSize(30);
		}
		assertThat(model.maxConcurrent).isEqualTo(2);
		assertThat(model.batchSizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(36);
	}

	@Test
	void aClosedBatcherRefusesNewRequests() {
		MicroBatcher batcher = batcher(new FakeModel(), 4, 1, 100, Duration.ofSeconds(5), Duration.ofSeconds(1));

		batcher.close();

		assertThatExceptionOfType(ModelOverloadedException.class).isThrownBy(() -> batcher.classify(images(1), 1))
			.withMessage("The model is shutting down.");
	}

	@Test
	void aFailingCallFailsItsRequestsOnly() {
		FakeModel model = new FakeModel();
		model.fail = true;
		MicroBatcher batcher = batcher(model, 4, 1, 100, Duration.ofSeconds(5), Duration.ofSeconds(1));

		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> batcher.classify(images(10), 10))
			.withMessage("model failed");
		model.fail = false;
		assertThat(batcher.classify(images(1), 1)).hasSize(10);
	}

	private MicroBatcher batcher(BatchRunner model, int maxBatchSize, int workers, int queueCapacity,
			Duration maxQueueTime, Duration retryAfter) {
		return new MicroBatcher(model, maxBatchSize, workers, queueCapacity, maxQueueTime, retryAfter, this.meters, "test");
	}

	/** The images waiting for the model, as the batcher's gauge tells. */
	private double queuedImages() {
		return this.meters.get("fmnist.inference.queue.images").gauge().value();
	}

	/** Waits until {@code images} are queued (the requests' threads have reached the batcher), 30 s at most. */
	private void awaitQueuedImages(int images) throws InterruptedException {
		awaitUntil(() -> queuedImages() >= images, images + " images were not queued");
	}

	/** Waits until {@code done}, 30 s at most (a guard against a hang), failing with {@code failure} then. */
	private static void awaitUntil(BooleanSupplier done, String failure) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		while (!done.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				fail("%s within 30 s (a guard against a hang)", failure);
			}
			Thread.sleep(5);
		}
	}

	/** Image i has the value i in its first pixel. */
	private static float[] images(int count) {
		float[] pixels = new float[count * 784];
		for (int i = 0; i < count; i++) {
			pixels[i * 784] = i;
		}
		return pixels;
	}

	/** Writes each image's first pixel as the probability of class 3; can be held up, slowed or failed. */
	private static final class FakeModel implements BatchRunner {

		final List<Integer> batchSizes = Collections.synchronizedList(new ArrayList<>());

		/** For every call in the order they started: the size of the request of each of its segments. */
		final List<List<Integer>> requestSizesByCall = Collections.synchronizedList(new ArrayList<>());

		private final CountDownLatch running = new CountDownLatch(1);

		private volatile CountDownLatch gate = new CountDownLatch(0);

		private int concurrent;

		volatile int maxConcurrent;

		volatile long delay;

		volatile boolean fail;

		void hold() {
			this.gate = new CountDownLatch(1);
		}

		void release() {
			this.gate.countDown();
		}

		/** Lets the calls that wait go, and holds up the ones that start after them. */
		void releaseAndHold() {
			CountDownLatch waiting = this.gate;
			this.gate = new CountDownLatch(1);
			waiting.countDown();
		}

		/** Waits until {@code calls} calls have started, 30 s at most (a guard against a hang). */
		void awaitStarted(int calls) throws InterruptedException {
			awaitUntil(() -> this.requestSizesByCall.size() >= calls, calls + " calls did not start");
		}

		/** Waits until {@code calls} calls run at once, 30 s at most (a guard against a hang). */
		void awaitConcurrent(int calls) throws InterruptedException {
			awaitUntil(() -> this.maxConcurrent >= calls, calls + " calls did not run at once");
		}

		void awaitRunning() throws InterruptedException {
			assertThat(this.running.await(5, TimeUnit.SECONDS)).isTrue();
		}

		@Override
		public int numClasses() {
			return 10;
		}

		@Override
		public void classify(List<Segment> segments, FloatBuffer input) {
			synchronized (this) {
				this.maxConcurrent = Math.max(this.maxConcurrent, ++this.concurrent);
				this.requestSizesByCall.add(segments.stream().map((segment) -> segment.pixels().length / 784).toList());
			}
			try {
				this.running.countDown();
				this.gate.await(10, TimeUnit.SECONDS);
				Thread.sleep(this.delay);
				if (this.fail) {
					throw new IllegalStateException("model failed");
				}
				int total = 0;
				for (Segment segment : segments) {
					for (int i = 0; i < segment.count(); i++) {
						int image = segment.first() + i;
						segment.probabilities()[image * 10 + 3] = segment.pixels()[image * 784];
					}
					total += segment.count();
				}
				this.batchSizes.add(total);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			finally {
				synchronized (this) {
					this.concurrent--;
				}
			}
		}

	}

}
