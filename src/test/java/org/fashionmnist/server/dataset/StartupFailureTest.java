package org.fashionmnist.server.dataset;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.fashionmnist.server.FashionMnistServerApplication;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/** A bad data directory stops the whole application, with a description an operator can act on. */
@ExtendWith(OutputCaptureExtension.class)
class StartupFailureTest {

	@TempDir
	Path dir;

	@Test
	void missingDataStopsStartUpNamingTheFile(CapturedOutput output) {
		assertThatException().isThrownBy(() -> start(this.dir))
			.havingRootCause()
			.isInstanceOf(DataFileException.class)
			.withMessageContaining("t10k-images-idx3-ubyte.gz")
			.withMessageContaining("expected the file to exist");
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Data file " + this.dir.toAbsolutePath())
			.contains("fmnist.data-dir")
			.doesNotContain("Tomcat started");
	}

	@Test
	void filesThatAreNotTheOfficialOnesStopStartUp(CapturedOutput output) throws Exception {
		IdxFixtures.writeValid(this.dir);

		assertThatException().isThrownBy(() -> start(this.dir)).havingRootCause().isInstanceOf(DataFileException.class);
		assertThat(output).contains("expected SHA-256 ").contains(", found ");
	}

	@Test
	void digestsCanBePinnedForAnotherCopyOfTheData() throws Exception {
		DatasetProperties.Digests digests = IdxFixtures.writeValid(this.dir);

		try (var context = new SpringApplication(FashionMnistServerApplication.class).run("--server.port=0",
				"--fmnist.data-dir=" + this.dir, "--fmnist.sha256.train-images=" + digests.trainImages(),
				"--fmnist.sha256.train-labels=" + digests.trainLabels(), "--fmnist.sha256.test-images=" + digests.testImages(),
				"--fmnist.sha256.test-labels=" + digests.testLabels())) {
			assertThat(context.getBean(DatasetCatalog.class).find("fashion-mnist").orElseThrow().split(Split.TRAIN).size())
				.isEqualTo(20);
		}
		assertThat(Files.exists(this.dir)).isTrue();
	}

	private static void start(Path dataDir) {
		new SpringApplication(FashionMnistServerApplication.class).run("--server.port=0", "--fmnist.data-dir=" + dataDir)
			.close();
	}

}
