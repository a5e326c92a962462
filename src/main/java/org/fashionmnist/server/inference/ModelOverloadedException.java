package org.fashionmnist.server.inference;

import java.time.Duration;

/** The model cannot take a request in time: its queue is full, or the request waited too long. */
public class ModelOverloadedException extends RuntimeException {

	private final transient Duration retryAfter;

	public ModelOverloadedException(String message, Duration retryAfter) {
		super(message);
		this.retryAfter = retryAfter;
	}

	/** When a client may try again. */
	public Duration retryAfter() {
		return this.retryAfter;
	}

}
