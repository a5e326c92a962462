package org.fashionmnist.server.inference;

import java.time.Duration;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.fashionmnist.server.inference.PredictionAdmission.Reservation;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Admission of prediction requests by the memory they will hold, decided before their bodies are read. */
class PredictionAdmissionTest {

	private static final Duration RETRY_AFTER = Duration.ofSeconds(3);

	private static final long CHUNKED = -1;

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	/** 1 MiB for requests in progress, bodies up to 512 KiB, at most 10 images. */
	private final PredictionAdmission admission = new PredictionAdmission(
			new PredictionProperties(10, DataSize.ofKilobytes(512), 40_000_000, DataSize.ofMegabytes(1)), this.meters);

	@Test
	void aRequestCostsItsBodyTwiceAndItsDecodedImages() {
		assertThat(this.admission.cost(1000)).isEqualTo(2000 + 4000);
		assertThat(this.admission.cost(100_000)).as("at most 10 images of 784 floats").isEqualTo(200_000 + 10 * 784 * 4);
	}

	@Test
	void requestsAreAdmittedWhileTheyFitAndRefusedWithTheModelsRetryAfterWhenNot() {
		Reservation first = this.admission.admit(200_000, "baseline", RETRY_AFTER);
		Reservation second = this.admission.admit(200_000, "baseline", RETRY_AFTER);
		assertThat(this.admission.reserved()).isEqualTo(2 * this.admission.cost(200_000));

		assertThatExceptionOfType(ModelOverloadedException.class)
			.isThrownBy(() -> this.admission.admit(200_000, "baseline", RETRY_AFTER))
			.withMessage("The server is busy: prediction requests in progress hold all of the 1 MiB they may use.")
			.satisfies((ex) -> assertThat(ex.retryAfter()).isEqualTo(RETRY_AFTER));
		assertThat(this.meters.get("fmnist.inference.rejected").tag("model", "baseline").counter().count()).isEqualTo(1);

		first.close();
		try (Reservation again = this.admission.admit(200_000, "baseline", RETRY_AFTER)) {
			assertThat(again).isNotSameAs(Reservation.NONE);
		}
		second.close();
		assertThat(this.admission.reserved()).isZero();
	}

	@Test
	void aRequestLargerThanTheBudgetIsAdmittedAloneButNotBesideAnother() {
		PredictionAdmission small = new PredictionAdmission(
				new PredictionProperties(1000, DataSize.ofMegabytes(16), 40_000_000, DataSize.ofKilobytes(64)), this.meters);
		try (Reservation alone = small.admit(1_000_000, "baseline", RETRY_AFTER)) {
			assertThatExceptionOfType(ModelOverloadedException.class).isThrownBy(() -> small.admit(100, "baseline", RETRY_AFTER));
		}
		assertThat(small.reserved()).isZero();
	}

	@Test
	void aBodyOverTheSizeLimitIsLeftToBeRefusedWith413AndAChunkedOneCountsAsTheLargest() {
		try (Reservation tooLarge = this.admission.admit(600_000, "baseline", RETRY_AFTER)) {
			assertThat(tooLarge).isSameAs(Reservation.NONE);
			assertThat(this.admission.reserved()).isZero();
		}
		try (Reservation reservation = this.admission.admit(CHUNKED, "baseline", RETRY_AFTER)) {
			assertThat(this.admission.reserved()).isEqualTo(this.admission.cost(512 * 1024));
		}
	}

}
