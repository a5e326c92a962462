package org.fashionmnist.server.dataset;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Work done on a thread of its own, so that it overlaps other work on the second core, and awaited where
 * its result is needed: started at once ({@link #start}) or when first asked for ({@link #deferred}). A
 * failure reaches every caller as the original exception (a {@link DataFileException} stays one, so its
 * failure analysis still applies).
 *
 * @param <T> the result
 */
public final class Loading<T> {

	private final CompletableFuture<T> result = new CompletableFuture<>();

	private final AtomicBoolean begun = new AtomicBoolean();

	private final String name;

	private final Supplier<T> work;

	private Loading(String name, Supplier<T> work) {
		this.name = name;
		this.work = work;
	}

	/** Starts {@code work} on a new daemon thread called {@code name}. */
	public static <T> Loading<T> start(String name, Supplier<T> work) {
		return deferred(name, work).begin();
	}

	/** {@code work}, to be started on a new daemon thread called {@code name} by {@link #begin} or {@link #get}. */
	public static <T> Loading<T> deferred(String name, Supplier<T> work) {
		return new Loading<>(name, work);
	}

	/** Starts the work unless it has already started. */
	public Loading<T> begin() {
		if (this.begun.compareAndSet(false, true)) {
			Thread thread = new Thread(() -> {
				try {
					this.result.complete(this.work.get());
				}
				catch (Throwable ex) {
					this.result.completeExceptionally(ex);
				}
			}, this.name);
			thread.setDaemon(true);
			thread.start();
		}
		return this;
	}

	/** The result, starting the work and waiting for it if need be; the work's own exception if it failed. */
	public T get() {
		try {
			return begin().result.join();
		}
		catch (CompletionException ex) {
			throw rethrown(ex);
		}
	}

	/**
	 * The result if the work (started now unless it has) ends within {@code timeout}; empty if it does not, or
	 * if the calling thread is interrupted meanwhile; the work's own exception if it failed.
	 */
	public Optional<T> get(Duration timeout) {
		try {
			return Optional.of(begin().result.get(timeout.toNanos(), TimeUnit.NANOSECONDS));
		}
		catch (TimeoutException ex) {
			return Optional.empty();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return Optional.empty();
		}
		catch (ExecutionException ex) {
			throw rethrown(ex);
		}
	}

	private static RuntimeException rethrown(Exception ex) {
		if (ex.getCause() instanceof RuntimeException failure) {
			return failure;
		}
		if (ex.getCause() instanceof Error error) {
			throw error;
		}
		return (ex instanceof RuntimeException runtime) ? runtime : new CompletionException(ex.getCause());
	}

	/** Waits until the work has ended, whichever way, if it has started; returns at once if it has not. */
	public void settle() {
		if (this.begun.get()) {
			this.result.handle((value, failure) -> null).join();
		}
	}

	/** Runs {@code action} on the result once there is one (at once if there is), and not if the work failed. */
	public void whenLoaded(Consumer<T> action) {
		this.result.thenAccept(action);
	}

	/** Runs {@code action} with the failure if the work fails (at once if it has). */
	public void whenFailed(Consumer<Throwable> action) {
		this.result.exceptionally((failure) -> {
			action.accept((failure instanceof CompletionException wrapped && wrapped.getCause() != null)
					? wrapped.getCause() : failure);
			return null;
		});
	}

}
