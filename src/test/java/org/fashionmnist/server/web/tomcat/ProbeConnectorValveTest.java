package org.fashionmnist.server.web.tomcat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The probe port serves health, info and metrics, and the inference protocol's health, nothing else. */
class ProbeConnectorValveTest {

	@ParameterizedTest
	@ValueSource(strings = { "/actuator", "/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness",
			"/actuator/prometheus", "/actuator/info", "/v2/health/live", "/v2/health/ready" })
	void probesAndOperationsAreServed(String path) {
		assertThat(ProbeConnectorValve.servedOnProbePort(path)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "/", "/api/v1/datasets", "/v2/models/baseline/infer", "/v2", "/actuatorx", "/v3/api-docs",
			"/swagger-ui.html", "/index.html" })
	void theApiIsNot(String path) {
		assertThat(ProbeConnectorValve.servedOnProbePort(path)).isFalse();
	}

}
