package org.fashionmnist.server.inference.input;

import java.util.Arrays;
import java.util.function.Supplier;

/**
 * The numbers a request's tensors hold, appended as they are read into one growing float array, up to a
 * limit: a request may not make the server hold more values than the images it may send.
 */
public final class TensorValues {

	private final int max;

	private final Supplier<? extends RuntimeException> overflow;

	private float[] values = new float[4096];

	private int count;

	/**
	 * @param max the most values all tensors together may hold
	 * @param overflow the exception for one value more (a 413 that says what to do)
	 */
	public TensorValues(int max, Supplier<? extends RuntimeException> overflow) {
		this.max = max;
		this.overflow = overflow;
	}

	void add(float value) {
		if (this.count == this.max) {
			throw this.overflow.get();
		}
		if (this.count == this.values.length) {
			this.values = Arrays.copyOf(this.values, (int) Math.min((long) this.values.length * 2, this.max));
		}
		this.values[this.count++] = value;
	}

	/** How many values have been read so far. */
	public int count() {
		return this.count;
	}

	/** The values read so far (the array may be longer: only the first {@link #count()} are values). */
	public float[] array() {
		return this.values;
	}

}
