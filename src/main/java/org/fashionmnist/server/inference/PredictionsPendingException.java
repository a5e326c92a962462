package org.fashionmnist.server.inference;

import java.time.Duration;

/** A model's predictions for a whole split are still being computed; they will be there after {@link #retryAfter}. */
public class PredictionsPendingException extends RuntimeException {

	private final transient Duration retryAfter;

	public PredictionsPendingException(String message, Duration retryAfter) {
		super(message);
		this.retryAfter = retryAfter;
	}

	/** When a client may try again: the time the rest of the split should take at the pace so far. */
	public Duration retryAfter() {
		return this.retryAfter;
	}

}
