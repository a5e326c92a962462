package org.fashionmnist.server.inference;

import java.time.Duration;

/** A request that cannot be answered now but can be later: it says when a client may try again. */
public abstract class RetryLaterException extends RuntimeException {

	private final transient Duration retryAfter;

	protected RetryLaterException(String message, Duration retryAfter) {
		super(message);
		this.retryAfter = retryAfter;
	}

	/** When a client may try again. */
	public Duration retryAfter() {
		return this.retryAfter;
	}

}
