package org.fashionmnist.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;

import static org.assertj.core.api.Assertions.fail;

/**
 * The Python client as its users get it: {@code pip install ./clients/python} into a virtual environment that
 * sees Debian's numpy and torch ({@code --system-site-packages}; the package index is not reachable here), so
 * that the tests run the installed copy, not the sources beside them. Installed once per test JVM under
 * {@code target/}, from a copy of the sources (pip builds in the tree it is given). A test that cannot have
 * it fails in CI ({@code CI=true}) and is skipped elsewhere, saying what to install.
 */
public final class PythonClient {

	/** Debian's interpreter, whose numpy and torch the client uses; not a pyenv shim. */
	public static final String SYSTEM_PYTHON = "/usr/bin/python3";

	/** The client's sources and its test suite. */
	public static final Path SOURCES = Path.of("clients", "python");

	private static final Path HOME = Path.of("target", "python-client");

	private static final String PACKAGES = "python3-numpy python3-requests python3-venv python3-pip python3-setuptools";

	private static Path installed;

	private PythonClient() {
	}

	/**
	 * The interpreter of the environment the client is installed in, once {@code modules} (besides numpy and
	 * requests, which the client's tests use) import in Debian's interpreter.
	 */
	public static synchronized Path python(String... modules) throws IOException, InterruptedException {
		List<String> needed = new ArrayList<>(List.of("numpy", "requests"));
		needed.addAll(List.of(modules));
		if (!Files.isExecutable(Path.of(SYSTEM_PYTHON))) {
			missing(SYSTEM_PYTHON + " does not exist");
		}
		String probe = run(List.of(SYSTEM_PYTHON, "-c", "import " + String.join(", ", needed)));
		if (probe != null) {
			missing(probe);
		}
		if (installed == null) {
			installed = install();
		}
		return installed;
	}

	private static Path install() throws IOException, InterruptedException {
		deleteRecursively(HOME);
		Path sources = HOME.resolve("sources");
		copy(SOURCES, sources);
		Path venv = HOME.resolve("venv");
		String created = run(List.of(SYSTEM_PYTHON, "-m", "venv", "--system-site-packages", venv.toString()));
		if (created != null) {
			missing("python3 -m venv failed: " + created);
		}
		Path python = venv.resolve("bin").resolve("python");
		// No index and no isolated build environment: setuptools and numpy come from Debian.
		String pip = run(List.of(python.toString(), "-m", "pip", "install", "--quiet", "--no-index", "--no-build-isolation",
				"--no-deps", sources.toString()));
		if (pip != null) {
			throw new IllegalStateException("pip could not install " + SOURCES + ":\n" + pip);
		}
		return python.toAbsolutePath();
	}

	/** Copies the client's sources, leaving out what a build or a test run leaves behind. */
	private static void copy(Path from, Path to) throws IOException {
		try (Stream<Path> files = Files.walk(from)) {
			for (Path file : (Iterable<Path>) files::iterator) {
				Path relative = from.relativize(file);
				if (isLeftBehind(relative)) {
					continue;
				}
				Path target = to.resolve(relative.toString());
				if (Files.isDirectory(file)) {
					Files.createDirectories(target);
				}
				else {
					Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
				}
			}
		}
	}

	private static boolean isLeftBehind(Path relative) {
		if (relative.startsWith("build")) {
			return true;
		}
		for (Path part : relative) {
			String name = part.toString();
			if (name.equals("__pycache__") || name.endsWith(".egg-info")) {
				return true;
			}
		}
		return false;
	}

	private static void deleteRecursively(Path path) throws IOException {
		if (!Files.exists(path)) {
			return;
		}
		try (Stream<Path> files = Files.walk(path)) {
			for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
				Files.delete(file);
			}
		}
	}

	/** Runs a command; null when it succeeded, otherwise what it printed. */
	private static String run(List<String> command) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (!process.waitFor(5, TimeUnit.MINUTES)) {
			process.destroyForcibly();
			return String.join(" ", command) + " did not finish within 5 minutes";
		}
		return (process.exitValue() == 0) ? null : output.strip();
	}

	private static void missing(String problem) {
		String message = "The Python client's tests need " + SYSTEM_PYTHON + " with numpy and requests, venv and pip (apt-get "
				+ "install -y " + PACKAGES + "): " + problem;
		if ("true".equalsIgnoreCase(System.getenv("CI"))) {
			fail(message);
		}
		Assumptions.abort("Skipped, not in CI. " + message);
	}

}
