package org.fashionmnist.server.web.http;

import java.io.IOException;

import org.junit.jupiter.api.Test;

import org.fashionmnist.server.inference.InputTooLargeException;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Bodies read within a limit, and refusals decided before a body is read. */
class RequestBodiesTest {

	@Test
	void aBodyWithinTheLimitIsReadWhole() throws IOException {
		assertThat(RequestBodies.read(post(1000), DataSize.ofBytes(1000))).hasSize(1000);
	}

	@Test
	void aLargerDeclaredBodyIsRefusedBeforeAByteIsRead() throws IOException {
		MockHttpServletRequest request = post(1001);

		assertThatExceptionOfType(InputTooLargeException.class).isThrownBy(() -> RequestBodies.read(request, DataSize.ofBytes(1000)))
			.withMessageContaining("at most 1000 bytes");
		assertThat(request.getInputStream().read()).as("the body was not read").isZero();
	}

	@Test
	void aRefusalBeforeReadingDrainsTheBodySoThatTheClientSeesIt() throws IOException {
		MockHttpServletRequest request = post(200_000);

		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> RequestBodies.beforeReading(request, DataSize.ofMegabytes(1), () -> {
				throw new IllegalStateException("refused");
			}))
			.withMessage("refused");
		assertThat(request.getInputStream().read()).as("the refused body was read to its end").isEqualTo(-1);
	}

	@Test
	void anAdmittedRequestKeepsItsBody() throws IOException {
		MockHttpServletRequest request = post(10);

		assertThat(RequestBodies.beforeReading(request, DataSize.ofMegabytes(1), () -> "admitted")).isEqualTo("admitted");
		assertThat(request.getInputStream().readAllBytes()).hasSize(10);
	}

	private static MockHttpServletRequest post(int length) {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/v1/models/baseline/predictions");
		request.setContentType("application/x-npy");
		request.setContent(new byte[length]);
		return request;
	}

}
