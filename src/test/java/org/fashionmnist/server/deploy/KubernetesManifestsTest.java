package org.fashionmnist.server.deploy;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.Test;

import org.springframework.boot.convert.DurationStyle;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The manifests in {@code deploy/k8s/} parse into Kubernetes' own model (fabric8's), with no field it
 * does not know, and agree with the application and the image: probe paths and the probe port, selectors and
 * labels, the autoscaler's and the budget's targets, resources, a non-root read-only container, and a
 * grace period that covers Spring's graceful shutdown.
 */
class KubernetesManifestsTest {

	private static final String NAME_LABEL = "app.kubernetes.io/name";

	/** The heap the service is tested and documented with ({@code -Xmx256m}). */
	private static final long TESTED_HEAP_BYTES = 256L * 1024 * 1024;

	private final Deployment deployment = Manifests.one(Deployment.class);

	private final PodSpec pod = this.deployment.getSpec().getTemplate().getSpec();

	private final Container container = this.pod.getContainers().get(0);

	@Test
	void everyManifestParsesIntoItsTypedResourceWithNoUnknownField() {
		List<Path> files = Manifests.files();

		assertThat(files).extracting((file) -> file.getFileName().toString())
			.containsExactlyInAnyOrder("deployment.yaml", "service.yaml", "hpa.yaml", "pdb.yaml");
		for (Path file : files) {
			KubernetesResource resource = Manifests.read(file);
			assertThat(resource).as(file + " is a resource fabric8 knows").isNotInstanceOf(GenericKubernetesResource.class);
			assertThat(Manifests.unknownFields(resource)).as("fields of %s the Kubernetes model does not know", file).isEmpty();
		}
		assertThat(Manifests.files().stream().map(Manifests::read).map(Object::getClass).toList())
			.containsExactlyInAnyOrder(Deployment.class, Service.class, HorizontalPodAutoscaler.class, PodDisruptionBudget.class);
	}

	@Test
	void theKustomizationListsEveryManifest() {
		List<String> resources = StreamSupport.stream(Manifests.tree(Manifests.KUSTOMIZATION).get("resources").spliterator(), false)
			.map((node) -> node.asString())
			.toList();

		assertThat(resources).containsExactlyInAnyOrderElementsOf(
				Manifests.files().stream().map((file) -> file.getFileName().toString()).toList());
	}

	@Test
	void theNamedPortsAreTheApplicationsServerPortAndTheImagesProbePort() throws IOException {
		int serverPort = Integer.parseInt(Manifests.applicationProperty("server.port", "8080"));

		assertThat(this.pod.getContainers()).hasSize(1);
		assertThat(this.container.getPorts()).extracting(ContainerPort::getName).containsExactly("http", "probes");
		assertThat(containerPort(new IntOrString("http"))).isEqualTo(serverPort);
		assertThat(containerPort(new IntOrString("probes"))).isEqualTo(imageProbePort()).isNotEqualTo(serverPort);
	}

	/**
	 * Every probe asks the probe connector, which has threads and connections of its own: a flood of
	 * connections on the main port must not fail liveness and get the pod restarted.
	 */
	@Test
	void probesAskTheApplicationsHealthGroupsOnTheProbePort() throws IOException {
		String actuator = Manifests.applicationProperty("management.endpoints.web.base-path", "/actuator");
		int probePort = imageProbePort();

		assertThat(Manifests.applicationProperty("management.endpoint.health.probes.enabled", "false"))
			.as("the liveness and readiness groups exist only with management.endpoint.health.probes.enabled")
			.isEqualTo("true");
		assertThat(httpGet(this.container.getReadinessProbe()).getPath()).isEqualTo(actuator + "/health/readiness");
		assertThat(httpGet(this.container.getLivenessProbe()).getPath()).isEqualTo(actuator + "/health/liveness");
		assertThat(httpGet(this.container.getStartupProbe()).getPath()).isIn(actuator + "/health/readiness",
				actuator + "/health/liveness");
		for (Probe probe : List.of(this.container.getStartupProbe(), this.container.getReadinessProbe(),
				this.container.getLivenessProbe())) {
			assertThat(containerPort(httpGet(probe).getPort())).as("port of the probe on %s", httpGet(probe).getPath())
				.isEqualTo(probePort);
		}
	}

	@Test
	void theStartupProbeWaitsLongEnoughForASlowStart() {
		Probe startup = this.container.getStartupProbe();
		int budgetSeconds = startup.getPeriodSeconds() * startup.getFailureThreshold();

		// About 12 s on two quiet cores; several times that on busy ones. Liveness counts only afterwards.
		assertThat(budgetSeconds).as("seconds the startup probe allows").isGreaterThanOrEqualTo(90);
		assertThat(this.container.getLivenessProbe().getInitialDelaySeconds()).as("liveness waits for startup, not a delay")
			.isIn(null, 0);
	}

	@Test
	void theGracePeriodCoversThePreStopSleepAndSpringsGracefulShutdown() {
		Duration shutdownPhase = DurationStyle
			.detectAndParse(Manifests.applicationProperty("spring.lifecycle.timeout-per-shutdown-phase", "30s"));
		int preStopSleep = this.container.getLifecycle().getPreStop().getSleep().getSeconds().intValue();

		assertThat(Manifests.applicationProperty("server.shutdown", "immediate")).isEqualTo("graceful");
		assertThat(preStopSleep).as("preStop sleep, to let endpoints drop the pod before SIGTERM").isPositive();
		assertThat(this.pod.getTerminationGracePeriodSeconds()).as("terminationGracePeriodSeconds")
			.isGreaterThan(preStopSleep + shutdownPhase.toSeconds());
	}

	@Test
	void resourcesAreSetAndTheLimitHoldsTheTestedHeap() throws IOException {
		Map<String, Quantity> requests = this.container.getResources().getRequests();
		Map<String, Quantity> limits = this.container.getResources().getLimits();

		assertThat(requests).containsKeys("cpu", "memory");
		assertThat(limits).containsKeys("cpu", "memory");
		assertThat(requests.get("cpu").getNumericalAmount()).isLessThanOrEqualTo(limits.get("cpu").getNumericalAmount());
		assertThat(requests.get("memory").getNumericalAmount()).isLessThanOrEqualTo(limits.get("memory").getNumericalAmount());
		BigDecimal heap = limits.get("memory").getNumericalAmount().multiply(BigDecimal.valueOf(maxRamPercentage())).movePointLeft(2);
		assertThat(heap.longValue()).as("heap the image's -XX:MaxRAMPercentage gives under the memory limit")
			.isGreaterThanOrEqualTo(TESTED_HEAP_BYTES);
		// docs/load.md: under 64 connections of mixed load the process held up to 370 MiB beside its heap.
		assertThat(limits.get("memory").getNumericalAmount().subtract(heap).longValue()).as("memory the limit leaves beside the heap")
			.isGreaterThanOrEqualTo(370L * 1024 * 1024);
	}

	@Test
	void theContainerRunsAsTheImagesUserOnAReadOnlyRootWithAWritableTmp() throws IOException {
		PodSecurityContext podSecurity = this.pod.getSecurityContext();
		SecurityContext security = this.container.getSecurityContext();

		assertThat(podSecurity.getRunAsNonRoot()).isTrue();
		assertThat(podSecurity.getRunAsUser()).isEqualTo(imageUser());
		assertThat(podSecurity.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
		assertThat(security.getRunAsNonRoot()).isTrue();
		assertThat(security.getReadOnlyRootFilesystem()).isTrue();
		assertThat(security.getAllowPrivilegeEscalation()).isFalse();
		assertThat(security.getPrivileged()).isIn(null, false);
		assertThat(security.getCapabilities().getDrop()).containsExactly("ALL");
		assertThat(security.getCapabilities().getAdd()).isNullOrEmpty();
		assertThat(this.pod.getAutomountServiceAccountToken()).isFalse();
		// ONNX Runtime unpacks its native library into java.io.tmpdir at every start.
		VolumeMount tmp = this.container.getVolumeMounts().stream().filter((mount) -> mount.getMountPath().equals("/tmp")).findFirst().orElseThrow();
		Volume volume = this.pod.getVolumes().stream().filter((candidate) -> candidate.getName().equals(tmp.getName())).findFirst().orElseThrow();
		assertThat(volume.getEmptyDir()).as("/tmp is an emptyDir").isNotNull();
		assertThat(volume.getEmptyDir().getSizeLimit()).as("its size limit").isNotNull();
		assertThat(tmp.getReadOnly()).isIn(null, false);
	}

	@Test
	void theContainerWritesStructuredLogsThroughVariablesSpringBootKnows() {
		Map<String, EnvVar> env = this.container.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, Function.identity()));

		assertThat(env.get("LOGGING_STRUCTURED_FORMAT_CONSOLE").getValue()).as("one of Spring Boot's own formats")
			.isIn("ecs", "logstash", "gelf");
		assertThat(env.get("LOGGING_STRUCTURED_ECS_SERVICE_NODENAME").getValueFrom().getFieldRef().getFieldPath())
			.isEqualTo("metadata.name");
		// A misspelt variable would be ignored, and the logs would stay plain text without a word.
		assertThat(env.keySet()).isSubsetOf(Manifests.propertyVariables());
	}

	@Test
	void theServiceSendsPort80ToThePodsNamedPort() {
		Service service = Manifests.one(Service.class);

		assertThat(service.getSpec().getType()).isEqualTo("ClusterIP");
		assertThat(this.deployment.getSpec().getTemplate().getMetadata().getLabels()).containsAllEntriesOf(service.getSpec().getSelector());
		assertThat(service.getSpec().getSelector()).isEqualTo(this.deployment.getSpec().getSelector().getMatchLabels());
		ServicePort port = service.getSpec().getPorts().get(0);
		assertThat(service.getSpec().getPorts()).hasSize(1);
		assertThat(port.getPort()).isEqualTo(80);
		assertThat(containerPort(port.getTargetPort())).isEqualTo(containerPort(new IntOrString("http")));
	}

	@Test
	void theDeploymentSelectsItsOwnPods() {
		assertThat(this.deployment.getSpec().getSelector().getMatchExpressions()).isNullOrEmpty();
		assertThat(this.deployment.getSpec().getTemplate().getMetadata().getLabels())
			.containsAllEntriesOf(this.deployment.getSpec().getSelector().getMatchLabels());
	}

	@Test
	void theAutoscalerScalesTheDeploymentOnCpu() {
		HorizontalPodAutoscaler hpa = Manifests.one(HorizontalPodAutoscaler.class);

		assertThat(hpa.getApiVersion()).isEqualTo("autoscaling/v2");
		assertThat(hpa.getSpec().getScaleTargetRef().getApiVersion()).isEqualTo("apps/v1");
		assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
		assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo(this.deployment.getMetadata().getName());
		assertThat(hpa.getSpec().getMinReplicas()).as("replicas: one can be drained while another serves").isGreaterThanOrEqualTo(2);
		assertThat(hpa.getSpec().getMaxReplicas()).isGreaterThan(hpa.getSpec().getMinReplicas());
		MetricSpec metric = hpa.getSpec().getMetrics().get(0);
		assertThat(hpa.getSpec().getMetrics()).hasSize(1);
		assertThat(metric.getType()).isEqualTo("Resource");
		assertThat(metric.getResource().getName()).isEqualTo("cpu");
		assertThat(metric.getResource().getTarget().getType()).isEqualTo("Utilization");
		assertThat(metric.getResource().getTarget().getAverageUtilization()).isBetween(1, 100);
	}

	@Test
	void theDisruptionBudgetCoversTheDeploymentsPodsAndLeavesOneServing() {
		PodDisruptionBudget pdb = Manifests.one(PodDisruptionBudget.class);
		HorizontalPodAutoscaler hpa = Manifests.one(HorizontalPodAutoscaler.class);

		assertThat(pdb.getSpec().getSelector().getMatchLabels()).isEqualTo(this.deployment.getSpec().getSelector().getMatchLabels());
		IntOrString maxUnavailable = pdb.getSpec().getMaxUnavailable();
		IntOrString minAvailable = pdb.getSpec().getMinAvailable();
		assertThat(maxUnavailable == null ^ minAvailable == null).as("exactly one of maxUnavailable and minAvailable").isTrue();
		if (maxUnavailable != null) {
			assertThat(maxUnavailable.getIntVal()).isBetween(1, hpa.getSpec().getMinReplicas() - 1);
		}
		else {
			assertThat(minAvailable.getIntVal()).isBetween(1, hpa.getSpec().getMinReplicas() - 1);
		}
	}

	@Test
	void everyResourceCarriesTheSameNameLabel() {
		String name = this.deployment.getMetadata().getLabels().get(NAME_LABEL);

		assertThat(name).isEqualTo("fashion-mnist-server");
		for (Path file : Manifests.files()) {
			HasMetadata resource = (HasMetadata) Manifests.read(file);
			assertThat(resource.getMetadata().getLabels()).as("labels of %s", file).containsEntry(NAME_LABEL, name);
		}
		assertThat(this.deployment.getSpec().getSelector().getMatchLabels()).containsEntry(NAME_LABEL, name);
	}

	private static HTTPGetAction httpGet(Probe probe) {
		assertThat(probe).as("probe").isNotNull();
		assertThat(probe.getHttpGet()).as("an HTTP GET probe").isNotNull();
		return probe.getHttpGet();
	}

	/** The container port a port reference (a number or a port's name) points at. */
	private int containerPort(IntOrString reference) {
		if (reference.getIntVal() != null) {
			return reference.getIntVal();
		}
		return this.container.getPorts()
			.stream()
			.filter((port) -> reference.getStrVal().equals(port.getName()))
			.map(ContainerPort::getContainerPort)
			.findFirst()
			.orElseThrow(() -> new AssertionError("no container port named " + reference.getStrVal()));
	}

	private static int maxRamPercentage() throws IOException {
		Matcher matcher = Pattern.compile("-XX:MaxRAMPercentage=([0-9]+)").matcher(Files.readString(Path.of("Dockerfile")));
		assertThat(matcher.find()).as("the Dockerfile sizes the heap with -XX:MaxRAMPercentage").isTrue();
		return Integer.parseInt(matcher.group(1));
	}

	/** The probe connector's port, which the image sets (FMNIST_PROBES_PORT); the application has none by default. */
	private static int imageProbePort() throws IOException {
		Matcher matcher = Pattern.compile("(?m)^ENV FMNIST_PROBES_PORT=([0-9]+)$").matcher(Files.readString(Path.of("Dockerfile")));
		assertThat(matcher.find()).as("the Dockerfile sets the probe connector's port").isTrue();
		assertThat(Manifests.applicationProperty("fmnist.probes.port", null)).as("application.yml sets no probe port").isNull();
		return Integer.parseInt(matcher.group(1));
	}

	private static long imageUser() throws IOException {
		Matcher matcher = Pattern.compile("(?m)^USER ([0-9]+)").matcher(Files.readString(Path.of("Dockerfile")));
		assertThat(matcher.find()).as("the Dockerfile switches to a numeric user").isTrue();
		return Long.parseLong(matcher.group(1));
	}

}
