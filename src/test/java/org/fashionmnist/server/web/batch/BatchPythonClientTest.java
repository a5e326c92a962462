package org.fashionmnist.server.web.batch;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Runs the Python client's test suite (clients/python/tests) against this server on a random port,
 * with Debian's interpreter and numpy, which read every npz the server writes. In CI ({@code CI=true})
 * a missing numpy or requests fails the build; elsewhere it skips this test and says why. The
 * PyTorch tests skip without torch unless {@code FMNIST_REQUIRE_TORCH=1}.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class BatchPythonClientTest {

	/** Debian's interpreter, whose python3-numpy is the one docs/batches.md names, not a pyenv shim. */
	static final String PYTHON = "/usr/bin/python3";

	static final Path CLIENT = Path.of("clients", "python");

	@LocalServerPort
	private int port;

	@Test
	void clientSuitePassesAgainstTheLiveServer(@TempDir Path dir) throws Exception {
		requirePythonModules("numpy", "requests");
		File log = dir.resolve("unittest.log").toFile();
		ProcessBuilder builder = new ProcessBuilder(PYTHON, "-m", "unittest", "discover", "-s", "tests", "-t", ".", "-v")
			.directory(CLIENT.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log);
		builder.environment().put("FMNIST_URL", "http://127.0.0.1:" + this.port);
		builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");
		Process process = builder.start();
		boolean finished = process.waitFor(15, TimeUnit.MINUTES);
		if (!finished) {
			process.destroyForcibly();
		}
		String output = Files.readString(log.toPath(), StandardCharsets.UTF_8);
		System.out.println(output);
		assertThat(finished).as("Python client tests finished within 15 minutes:%n%s", output).isTrue();
		assertThat(process.exitValue()).as("Python client tests:%n%s", output).isZero();
		assertThat(output).contains("OK");
	}

	private static void requirePythonModules(String... modules) throws IOException, InterruptedException {
		String problem;
		if (!new File(PYTHON).canExecute()) {
			problem = PYTHON + " does not exist";
		}
		else {
			Process probe = new ProcessBuilder(List.of(PYTHON, "-c", "import " + String.join(", ", modules)))
				.redirectErrorStream(true)
				.start();
			String output = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			problem = (probe.waitFor() == 0) ? null : output.strip();
		}
		if (problem == null) {
			return;
		}
		String message = "The Python client tests need " + PYTHON + " with " + String.join(" and ", modules)
				+ " (apt-get install -y python3-numpy python3-requests): " + problem;
		if ("true".equalsIgnoreCase(System.getenv("CI"))) {
			fail(message);
		}
		Assumptions.abort("Skipped, not in CI. " + message);
	}

}
