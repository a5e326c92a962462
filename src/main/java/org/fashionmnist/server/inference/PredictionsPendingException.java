package org.fashionmnist.server.inference;

import java.time.Duration;

/**
 * A model's predictions for a whole split are still being computed; {@link #retryAfter} is the time the rest
 * should take at the pace so far.
 */
public class PredictionsPendingException extends RetryLaterException {

	public PredictionsPendingException(String message, Duration retryAfter) {
		super(message, retryAfter);
	}

}
