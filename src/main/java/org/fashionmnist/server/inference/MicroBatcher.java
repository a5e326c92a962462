package org.fashionmnist.server.inference;

import java.nio.FloatBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import org.fashionmnist.server.inference.OnnxClassifier.Segment;

import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * Groups the images of concurrent requests into ONNX Runtime calls of at most {@code maxBatchSize}
 * images, with at most {@code workers} calls running at once.
 * <p>
 * There are no threads of its own: a request's thread queues its images, then, whenever a worker slot
 * is free, takes the oldest queued images (its own and others', up to a full batch) and runs them,
 * until its own images are done. A lone request is thus run on its own thread without a hand-over, and
 * under load every call carries as many waiting images as fit. When a request finds several worker slots
 * free, its images are shared out among them: the request's thread runs one part and helper threads
 * (one fewer than the workers) run the others at the same time, so that a lone large request (a batch of
 * 256 test images, a saliency map's variants) uses every core it may, as a multi-threaded runtime would,
 * while under load, when no slot is free, nothing is split. The parts are {@value #PART} images, each slot
 * taking the next as it finishes, and a request that arrives meanwhile runs in a call of its own before the
 * rest of the shared one: a picture sent beside a large request waits for one part, not for the whole request.
 * Admission is bounded: a request is
 * refused with {@link ModelOverloadedException} when the queue holds {@code queueCapacity} images
 * already, or when it waited {@code maxQueueTime} without any of its images entering the model.
 * <p>
 * Metrics, tagged with the model id: {@code fmnist.inference.queue.wait} (time from arrival until the
 * first image enters the model), {@code fmnist.inference.batch.size} (images per call),
 * {@code fmnist.inference.queue.images} (images waiting) and {@code fmnist.inference.rejected} (503s).
 */
final class MicroBatcher implements AutoCloseable {

	/**
	 * The images of a call while a request is shared out among worker slots: fewer would cost more in hand-overs
	 * than they save, more would keep a request that arrives meanwhile waiting longer.
	 */
	static final int PART = 32;

	private final BatchRunner classifier;

	private final int maxBatchSize;

	private final int queueCapacity;

	private final long maxQueueNanos;

	private final Duration retryAfter;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition changed = this.lock.newCondition();

	private final ArrayDeque<Job> queue = new ArrayDeque<>();

	private final ArrayDeque<FloatBuffer> freeBuffers = new ArrayDeque<>();

	private final int workers;

	/** Threads that run the parts of a request besides its own thread; {@code null} with one worker. */
	private final ExecutorService helpers;

	private int idleHelpers;

	private final Timer queueWait;

	private final DistributionSummary batchSizes;

	private final Counter rejected;

	private int queuedImages;

	private boolean closed;

	MicroBatcher(BatchRunner classifier, int maxBatchSize, int workers, int queueCapacity, Duration maxQueueTime,
			Duration retryAfter, MeterRegistry meters, String modelId) {
		this.classifier = classifier;
		this.maxBatchSize = maxBatchSize;
		this.workers = workers;
		this.queueCapacity = queueCapacity;
		this.maxQueueNanos = maxQueueTime.toNanos();
		this.retryAfter = retryAfter;
		for (int i = 0; i < workers; i++) {
			this.freeBuffers.add(OnnxClassifier.newInputBuffer(maxBatchSize));
		}
		this.idleHelpers = workers - 1;
		CustomizableThreadFactory helperThreads = new CustomizableThreadFactory("fmnist-inference-" + modelId + "-");
		helperThreads.setDaemon(true);
		this.helpers = (workers > 1) ? Executors.newFixedThreadPool(workers - 1, helperThreads) : null;
		this.queueWait = Timer.builder("fmnist.inference.queue.wait")
			.description("Time from a request's arrival until its first image enters the model")
			.tag("model", modelId)
			.register(meters);
		this.batchSizes = DistributionSummary.builder("fmnist.inference.batch.size")
			.description("Images per ONNX Runtime call")
			.tag("model", modelId)
			.register(meters);
		this.rejected = Counter.builder("fmnist.inference.rejected")
			.description("Requests refused because the model was saturated")
			.tag("model", modelId)
			.register(meters);
		meters.gauge("fmnist.inference.queue.images", Tags.of("model", modelId), this,
				(batcher) -> batcher.queuedImages);
	}

	/**
	 * Classifies {@code count} images whose raw pixels are in {@code pixels}, 784 each.
	 * @return the class probabilities, one row of {@code numClasses} per image
	 * @throws ModelOverloadedException when the request cannot be served in time
	 */
	float[] classify(float[] pixels, int count) {
		Job job = new Job(pixels, count, new float[count * this.classifier.numClasses()]);
		long deadline = job.arrived + this.maxQueueNanos;
		this.lock.lock();
		try {
			admit(job);
			while (!job.isDone()) {
				if (!this.freeBuffers.isEmpty() && !this.queue.isEmpty()) {
					runOneBatch();
				}
				else if (job.taken == 0) {
					long left = deadline - System.nanoTime();
					if (left <= 0) {
						withdraw(job);
						throw overloaded("waited " + TimeUnit.NANOSECONDS.toMillis(this.maxQueueNanos)
								+ " ms without a free slot");
					}
					this.changed.awaitNanos(left);
				}
				else {
					this.changed.awaitUninterruptibly();
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			withdraw(job);
			throw new IllegalStateException("Interrupted while waiting for the model", ex);
		}
		finally {
			this.lock.unlock();
		}
		if (job.failure != null) {
			throw job.failure;
		}
		return job.probabilities;
	}

	private void admit(Job job) {
		if (this.closed) {
			throw new ModelOverloadedException("The model is shutting down.", this.retryAfter);
		}
		if (this.queuedImages > 0 && this.queuedImages + job.count > this.queueCapacity) {
			throw overloaded(this.queuedImages + " images are already waiting (at most " + this.queueCapacity + ")");
		}
		this.queue.addLast(job);
		this.queuedImages += job.count;
		job.queued = true;
	}

	/** Takes the images of {@code job} that no call has taken yet out of the queue. */
	private void withdraw(Job job) {
		if (job.queued) {
			this.queue.remove(job);
			this.queuedImages -= job.count - job.taken;
			job.queued = false;
		}
	}

	/**
	 * Called with the lock held; releases it while the model runs. Takes the oldest queued images, up to a
	 * full batch or, when other slots and helpers are free, an equal part; a helper takes what is left.
	 */
	private void runOneBatch() {
		FloatBuffer buffer = this.freeBuffers.removeFirst();
		boolean share = this.idleHelpers > 0 && !this.freeBuffers.isEmpty() && this.queuedImages >= 2 * PART;
		Job oldest = this.queue.peekFirst();
		boolean newcomersFirst = oldest.shared && notStarted() != null;
		int limit = (share || oldest.shared) ? Math.min(this.maxBatchSize, PART) : this.maxBatchSize;
		List<Segment> segments = new ArrayList<>();
		List<Job> jobs = new ArrayList<>();
		int total = 0;
		while (total < limit && !this.queue.isEmpty()) {
			Job job = newcomersFirst ? notStarted() : this.queue.peekFirst();
			if (job == null) {
				break;
			}
			int n = Math.min(job.count - job.taken, limit - total);
			if (job.taken == 0) {
				this.queueWait.record(System.nanoTime() - job.arrived, TimeUnit.NANOSECONDS);
			}
			segments.add(new Segment(job.pixels, job.probabilities, job.taken, n));
			jobs.add(job);
			job.taken += n;
			job.shared |= share && job.taken < job.count;
			total += n;
			this.queuedImages -= n;
			if (job.taken == job.count) {
				this.queue.remove(job);
				job.queued = false;
			}
		}
		this.batchSizes.record(total);
		if (!this.closed && this.idleHelpers > 0 && !this.freeBuffers.isEmpty() && this.queuedImages >= PART) {
			this.idleHelpers--;
			this.helpers.execute(this::help);
		}
		RuntimeException failure = null;
		this.lock.unlock();
		try {
			this.classifier.classify(segments, buffer);
		}
		catch (RuntimeException ex) {
			failure = ex;
		}
		finally {
			this.lock.lock();
			this.freeBuffers.addLast(buffer);
			for (int i = 0; i < jobs.size(); i++) {
				Job job = jobs.get(i);
				job.finish(segments.get(i).count(), failure);
				if (failure != null) {
					withdraw(job);
				}
			}
			this.changed.signalAll();
		}
	}

	/** The oldest queued request that no call has taken images of, or {@code null}. */
	private Job notStarted() {
		for (Job job : this.queue) {
			if (job.taken == 0) {
				return job;
			}
		}
		return null;
	}

	/** A helper's turn: runs batches while images wait and a slot is free. */
	private void help() {
		this.lock.lock();
		try {
			while (!this.queue.isEmpty() && !this.freeBuffers.isEmpty()) {
				runOneBatch();
			}
		}
		finally {
			this.idleHelpers++;
			this.lock.unlock();
		}
	}

	private ModelOverloadedException overloaded(String reason) {
		this.rejected.increment();
		return new ModelOverloadedException("The model is busy: " + reason + ".", this.retryAfter);
	}

	/** Refuses new requests and waits (a few seconds at most) for running calls to finish. */
	@Override
	public void close() {
		this.lock.lock();
		try {
			this.closed = true;
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
			while (this.freeBuffers.size() < this.workers && System.nanoTime() < deadline) {
				this.changed.awaitNanos(deadline - System.nanoTime());
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			this.lock.unlock();
		}
		if (this.helpers != null) {
			this.helpers.shutdown();
		}
	}

	private static final class Job {

		final float[] pixels;

		final int count;

		final float[] probabilities;

		final long arrived = System.nanoTime();

		/** Images that a call took (or is running). */
		int taken;

		/** Images whose call returned. */
		int finished;

		/** Whether some of its images are still in the queue. */
		boolean queued;

		/** Whether it is shared out among worker slots: its calls are {@link #PART} images, newcomers go first. */
		boolean shared;

		RuntimeException failure;

		Job(float[] pixels, int count, float[] probabilities) {
			this.pixels = pixels;
			this.count = count;
			this.probabilities = probabilities;
		}

		void finish(int images, RuntimeException failure) {
			this.finished += images;
			if (failure != null && this.failure == null) {
				this.failure = failure;
			}
		}

		boolean isDone() {
			return this.finished == this.count || (this.failure != null && !this.queued && this.finished == this.taken);
		}

	}

}
