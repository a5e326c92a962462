package org.fashionmnist.server.inference;

import java.time.Duration;

/** The model cannot take a request in time: its queue is full, or the request waited too long. */
public class ModelOverloadedException extends RetryLaterException {

	public ModelOverloadedException(String message, Duration retryAfter) {
		super(message, retryAfter);
	}

}
