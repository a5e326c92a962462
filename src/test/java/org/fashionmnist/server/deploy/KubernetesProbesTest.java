package org.fashionmnist.server.deploy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the Deployment's probes ask, asked of the running application on its probe connector, as the image
 * runs it (a free port here; {@link KubernetesManifestsTest} checks that the probes' port is the image's):
 * each path answers 200 and {@code UP} once it is ready.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "fmnist.probes.port=0")
class KubernetesProbesTest {

	private static final HttpClient client = HttpClient.newHttpClient();

	@Value("${local.probes.port}")
	private int probePort;

	@Test
	void everyProbePathOfTheDeploymentAnswersUpOnTheProbePort() throws IOException, InterruptedException {
		Container container = Manifests.one(Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0);
		List<String> paths = Stream.of(container.getStartupProbe(), container.getReadinessProbe(), container.getLivenessProbe())
			.filter(Objects::nonNull)
			.map((probe) -> probe.getHttpGet().getPath())
			.distinct()
			.toList();

		assertThat(paths).hasSize(2);
		for (String path : paths) {
			HttpResponse<String> response = client.send(
					HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.probePort + path)).build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).as("GET %s", path).isEqualTo(200);
			assertThat(response.body()).as("GET %s", path).contains("\"status\":\"UP\"");
		}
	}

}
