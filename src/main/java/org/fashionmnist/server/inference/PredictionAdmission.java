package org.fashionmnist.server.inference;

import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * Bounds the heap that prediction requests in progress hold, before their bodies are read.
 * <p>
 * The model's queue refuses images it cannot serve in time, but only once a request's body has been
 * read and decoded: a flood of large bodies (1,000 float32 images are 3 MB, and become 3 MB of pixels)
 * on 64 request threads would need several hundred MB before the queue says no, and the service runs in
 * 256 MB. So each request first reserves what it will hold, estimated from its declared length: the body,
 * a transient copy while it is read, and the decoded pixels (at most four bytes per body byte, at most
 * {@code max-instances} images). A request that does not fit beside those in progress is refused at once
 * (the caller answers 503 with the model's {@code Retry-After}). A request always fits when none is in
 * progress.
 * <p>
 * Metrics: refusals count in {@code fmnist.inference.rejected} with the model's tag, beside the queue's;
 * {@code fmnist.predictions.memory.reserved} is the bytes reserved now.
 */
@Component
public class PredictionAdmission {

	private final PredictionProperties limits;

	private final MeterRegistry meters;

	private long reserved;

	public PredictionAdmission(PredictionProperties limits, MeterRegistry meters) {
		this.limits = limits;
		this.meters = meters;
		meters.gauge("fmnist.predictions.memory.reserved", this, PredictionAdmission::reserved);
	}

	/**
	 * Reserves room for a request's body and images, or refuses it on behalf of the model it asks for.
	 * @param declaredLength the body's declared length, or -1 when it has none
	 * @return the reservation, to be closed when the request is done
	 * @throws ModelOverloadedException when the request does not fit beside those in progress
	 */
	public Reservation admit(long declaredLength, String modelId, Duration retryAfter) {
		long max = this.limits.maxRequestSize().toBytes();
		if (declaredLength > max) {
			return Reservation.NONE; // refused with 413 before its body is read
		}
		long cost = cost((declaredLength >= 0) ? declaredLength : max);
		synchronized (this) {
			if (this.reserved == 0 || this.reserved + cost <= this.limits.maxMemory().toBytes()) {
				this.reserved += cost;
				return new Reservation(this, cost);
			}
		}
		this.meters.counter("fmnist.inference.rejected", "model", modelId).increment();
		throw new ModelOverloadedException("The server is busy: prediction requests in progress hold all of the "
				+ this.limits.maxMemory().toMegabytes() + " MiB they may use.", retryAfter);
	}

	/** What a body of {@code bytes} costs: itself, a copy while it is read, and the decoded pixels. */
	long cost(long bytes) {
		long pixels = Math.min(4 * bytes, (long) this.limits.maxInstances() * Instances.PIXELS * Float.BYTES);
		return 2 * bytes + pixels;
	}

	synchronized long reserved() {
		return this.reserved;
	}

	private synchronized void release(long cost) {
		this.reserved -= cost;
	}

	/** Room reserved for one request; closing it gives the room back. */
	public static final class Reservation implements AutoCloseable {

		static final Reservation NONE = new Reservation(null, 0);

		private final PredictionAdmission admission;

		private final long cost;

		private Reservation(PredictionAdmission admission, long cost) {
			this.admission = admission;
			this.cost = cost;
		}

		@Override
		public void close() {
			if (this.admission != null) {
				this.admission.release(this.cost);
			}
		}

	}

}
