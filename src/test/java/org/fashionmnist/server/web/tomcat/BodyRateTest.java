package org.fashionmnist.server.web.tomcat;

import java.net.SocketTimeoutException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** A body must arrive at the rate on average once the grace period is over; times are given, not measured. */
class BodyRateTest {

	private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

	private final BodyRate rate = new BodyRate(1000, 20_000);

	@Test
	void aBodyMayTakeTheGracePeriodWhateverItsRate() {
		this.rate.start(0);
		this.rate.received(1);

		assertThatCode(() -> this.rate.check(20 * SECOND)).doesNotThrowAnyException();
	}

	@Test
	void aBodyThatFallsBelowTheRateAfterTheGracePeriodFails() {
		this.rate.start(0);
		this.rate.received(1000);

		assertThatCode(() -> this.rate.check(21 * SECOND)).doesNotThrowAnyException();
		assertThatExceptionOfType(SocketTimeoutException.class).isThrownBy(() -> this.rate.check(21 * SECOND + 1))
			.withMessageContaining("more slowly than 1000 bytes a second");
	}

	@Test
	void eachByteBuysTimeAtTheRate() {
		this.rate.start(5 * SECOND);
		this.rate.received(60_000);

		assertThatCode(() -> this.rate.check(5 * SECOND + 80 * SECOND)).doesNotThrowAnyException();
	}

	@Test
	void readsThatAreNotOfABodyAreNotHeldToIt() {
		this.rate.start(0);
		this.rate.stop();

		assertThatCode(() -> this.rate.check(3600 * SECOND)).doesNotThrowAnyException();
	}

	@Test
	void aNewRequestStartsItsOwnCount() {
		this.rate.start(0);
		this.rate.received(1_000_000);
		this.rate.start(1000 * SECOND);

		assertThatExceptionOfType(SocketTimeoutException.class).isThrownBy(() -> this.rate.check(1021 * SECOND));
	}

	@Test
	void noRateMeansNoLimit() {
		BodyRate none = new BodyRate(0, 20_000);
		none.start(0);

		assertThatCode(() -> none.check(3600 * SECOND)).doesNotThrowAnyException();
	}

}
