package org.fashionmnist.server.dataset;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Work started at start-up on a thread of its own, so that it overlaps the framework's start-up on the
 * second core, and awaited where its result is needed. A failure reaches every caller as the original
 * exception (a {@link DataFileException} stays one, so its failure analysis still applies).
 *
 * @param <T> the result
 */
public final class Loading<T> {

	private final CompletableFuture<T> result;

	private Loading(CompletableFuture<T> result) {
		this.result = result;
	}

	/** Starts {@code work} on a new daemon thread called {@code name}. */
	public static <T> Loading<T> start(String name, Supplier<T> work) {
		CompletableFuture<T> result = new CompletableFuture<>();
		Thread thread = new Thread(() -> {
			try {
				result.complete(work.get());
			}
			catch (Throwable ex) {
				result.completeExceptionally(ex);
			}
		}, name);
		thread.setDaemon(true);
		thread.start();
		return new Loading<>(result);
	}

	/** The result, waiting for it if need be; the work's own exception if it failed. */
	public T get() {
		try {
			return this.result.join();
		}
		catch (CompletionException ex) {
			if (ex.getCause() instanceof RuntimeException failure) {
				throw failure;
			}
			if (ex.getCause() instanceof Error error) {
				throw error;
			}
			throw ex;
		}
	}

	/** Runs {@code action} on the result once there is one (at once if there is), and not if the work failed. */
	public void whenLoaded(Consumer<T> action) {
		this.result.thenAccept(action);
	}

}
