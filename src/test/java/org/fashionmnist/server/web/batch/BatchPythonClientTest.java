package org.fashionmnist.server.web.batch;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.fashionmnist.server.PythonClient;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the Python client's test suite (clients/python/tests) against this server on a random port, with the
 * client installed by pip into a virtual environment over Debian's interpreter, numpy and torch
 * ({@link PythonClient}): what users install is what is tested. In CI ({@code CI=true}) a missing numpy,
 * requests, venv or pip fails the build; elsewhere it skips this test and says why. The PyTorch tests skip
 * without torch unless {@code FMNIST_REQUIRE_TORCH=1}.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class BatchPythonClientTest {

	@LocalServerPort
	private int port;

	@Test
	void clientSuitePassesAgainstTheLiveServer(@TempDir Path dir) throws Exception {
		Path python = PythonClient.python();
		File log = dir.resolve("unittest.log").toFile();
		ProcessBuilder builder = new ProcessBuilder(python.toString(), "-m", "unittest", "discover", "-s", "tests", "-t", ".", "-v")
			.directory(PythonClient.SOURCES.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log);
		builder.environment().put("FMNIST_URL", "http://127.0.0.1:" + this.port);
		builder.environment().put("FMNIST_EXPECT_INSTALLED", "1");
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

}
