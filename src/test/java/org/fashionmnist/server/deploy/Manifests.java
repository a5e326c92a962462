package org.fashionmnist.server.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.KubernetesResource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The manifests in {@code deploy/k8s/}, read into fabric8's typed Kubernetes model, and the
 * application's own {@code application.yml}, so that a test can hold one against the other.
 */
final class Manifests {

	static final Path DIRECTORY = Path.of("deploy", "k8s");

	static final Path KUSTOMIZATION = DIRECTORY.resolve("kustomization.yaml");

	static final Path APPLICATION_YML = Path.of("src", "main", "resources", "application.yml");

	private static final YAMLMapper YAML = YAMLMapper.builder().build();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private Manifests() {
	}

	/** Every manifest but the kustomization, in file-name order. */
	static List<Path> files() {
		try (Stream<Path> files = Files.list(DIRECTORY)) {
			return files.filter((file) -> file.getFileName().toString().matches(".*\\.ya?ml"))
				.filter((file) -> !file.equals(KUSTOMIZATION))
				.sorted()
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The resource a manifest describes, as the class fabric8 maps its apiVersion and kind to. */
	static KubernetesResource read(Path file) {
		try {
			return YAML.readValue(file.toFile(), KubernetesResource.class);
		}
		catch (RuntimeException ex) {
			throw new IllegalArgumentException(file + " does not parse into the Kubernetes model: " + ex.getMessage(), ex);
		}
	}

	/** The one manifest of the given type. */
	static <T extends KubernetesResource> T one(Class<T> type) {
		List<T> found = files().stream().map(Manifests::read).filter(type::isInstance).map(type::cast).toList();
		if (found.size() != 1) {
			throw new AssertionError("expected one " + type.getSimpleName() + " in " + DIRECTORY + ", found " + found.size());
		}
		return found.get(0);
	}

	/** Any YAML file as a plain tree. */
	static JsonNode tree(Path file) {
		return YAML.readTree(file.toFile());
	}

	/** A property of application.yml by its dotted name, or {@code fallback} (Spring Boot's default) where it is not set. */
	static String applicationProperty(String name, String fallback) {
		JsonNode node = tree(APPLICATION_YML);
		for (String part : name.split("\\.")) {
			node = (node != null) ? node.get(part) : null;
		}
		return (node != null && !node.isNull()) ? node.asString() : fallback;
	}

	/**
	 * The environment variables that set a property Spring Boot (or any library on the class path) declares in
	 * its configuration metadata: each name as its property binds from the environment ({@code logging.structured
	 * .ecs.service.node-name} from {@code LOGGING_STRUCTURED_ECS_SERVICE_NODENAME}).
	 */
	static Set<String> propertyVariables() {
		Set<String> variables = new HashSet<>();
		try {
			Enumeration<URL> files = Manifests.class.getClassLoader().getResources("META-INF/spring-configuration-metadata.json");
			while (files.hasMoreElements()) {
				try (InputStream in = files.nextElement().openStream()) {
					for (JsonNode property : JSON.readTree(in).path("properties")) {
						variables.add(property.get("name").asString().replace(".", "_").replace("-", "").toUpperCase(Locale.ROOT));
					}
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return variables;
	}

	/**
	 * The fields fabric8 did not recognise, anywhere in the object: the model keeps them in
	 * {@code additionalProperties} instead of failing, so a misspelt field ({@code readinesProbe})
	 * would otherwise pass unnoticed, and be ignored by the cluster too.
	 */
	static List<String> unknownFields(Object resource) {
		List<String> unknown = new ArrayList<>();
		collectUnknown(resource, resource.getClass().getSimpleName(), unknown);
		return unknown;
	}

	private static void collectUnknown(Object value, String path, List<String> unknown) {
		if (value instanceof Collection<?> collection) {
			int i = 0;
			for (Object element : collection) {
				collectUnknown(element, path + "[" + i++ + "]", unknown);
			}
			return;
		}
		if (value instanceof Map<?, ?> map) {
			map.forEach((key, element) -> collectUnknown(element, path + "." + key, unknown));
			return;
		}
		if (value == null || !value.getClass().getName().startsWith("io.fabric8.")) {
			return;
		}
		for (Method getter : value.getClass().getMethods()) {
			if (!getter.getName().startsWith("get") || getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
					|| getter.getDeclaringClass() == Object.class) {
				continue;
			}
			Object property = invoke(getter, value);
			if (getter.getName().equals("getAdditionalProperties")) {
				((Map<?, ?>) property).keySet().forEach((key) -> unknown.add(path + "." + key));
			}
			else {
				collectUnknown(property, path + "." + getter.getName().substring(3), unknown);
			}
		}
	}

	private static Object invoke(Method getter, Object target) {
		try {
			return getter.invoke(target);
		}
		catch (IllegalAccessException | InvocationTargetException ex) {
			throw new IllegalStateException(getter + " failed", ex);
		}
	}

}
