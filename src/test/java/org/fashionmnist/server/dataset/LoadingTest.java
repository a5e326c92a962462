package org.fashionmnist.server.dataset;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class LoadingTest {

	@Test
	void deferredWorkWaitsUntilBegunAndRunsOnce() throws InterruptedException {
		AtomicInteger runs = new AtomicInteger();
		AtomicReference<String> thread = new AtomicReference<>();
		Loading<Integer> loading = Loading.deferred("deferred-work", () -> {
			thread.set(Thread.currentThread().getName());
			return runs.incrementAndGet();
		});
		Thread.sleep(50);
		assertThat(runs).hasValue(0);
		loading.settle(); // not begun: returns at once
		assertThat(runs).hasValue(0);

		loading.begin().begin();
		assertThat(loading.get()).isEqualTo(1);
		assertThat(loading.get()).isEqualTo(1);
		assertThat(runs).hasValue(1);
		assertThat(thread).hasValue("deferred-work");
	}

	@Test
	void getBeginsDeferredWork() {
		assertThat(Loading.deferred("asked-for", () -> "done").get()).isEqualTo("done");
	}

	@Test
	void aFailureReachesCallersAsItselfAndSettleWaitsForIt() throws InterruptedException {
		CountDownLatch release = new CountDownLatch(1);
		Loading<String> loading = Loading.start("failing", () -> {
			await(release);
			throw new DataFileException(FileLocation.of(java.nio.file.Path.of("x.gz")), "expected something, found nothing");
		});
		AtomicReference<Throwable> reported = new AtomicReference<>();
		CountDownLatch reportedOnce = new CountDownLatch(1);
		loading.whenFailed((failure) -> {
			reported.set(failure);
			reportedOnce.countDown();
		});
		CountDownLatch settled = new CountDownLatch(1);
		new Thread(() -> {
			loading.settle();
			settled.countDown();
		}).start();
		assertThat(settled.await(100, TimeUnit.MILLISECONDS)).as("settled before the work ended").isFalse();

		release.countDown();
		assertThat(settled.await(10, TimeUnit.SECONDS)).isTrue();
		assertThatExceptionOfType(DataFileException.class).isThrownBy(loading::get).withMessageContaining("x.gz");
		// The callback runs on the failing thread, maybe just after the waiters above were released.
		assertThat(reportedOnce.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(reported.get()).isInstanceOf(DataFileException.class);
	}

	@Test
	void getWithTimeoutIsEmptyUntilTheWorkEndsThenItsResultOrItsFailure() {
		CountDownLatch release = new CountDownLatch(1);
		Loading<String> loading = Loading.deferred("timed", () -> {
			await(release);
			return "done";
		});
		assertThat(loading.get(Duration.ofMillis(50))).as("begun by the first get, not over yet").isEmpty();
		release.countDown();
		assertThat(loading.get(Duration.ofSeconds(10))).hasValue("done");

		Loading<String> failing = Loading.start("failing-timed", () -> {
			throw new IllegalStateException("no luck");
		});
		assertThatIllegalStateException().isThrownBy(() -> failing.get(Duration.ofSeconds(10))).withMessage("no luck");
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
