package org.fashionmnist.server.inference;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CancellationException;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.fashionmnist.server.FashionMnistServerApplication;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/** Models are loaded while the application starts, evaluated once it is ready, and closed when it stops. */
@ExtendWith(OutputCaptureExtension.class)
class ModelStartupTest {

	@TempDir
	Path dir;

	@Test
	void sessionsAreClosedWhenTheContextCloses() throws IOException {
		Path model = TinyOnnx.write(this.dir.resolve("tiny.onnx"), new float[10], 0);
		Model tiny;
		try (ConfigurableApplicationContext context = start("--fmnist.models.baseline.enabled=false",
				"--fmnist.models.tiny.path=" + model)) {
			tiny = context.getBean(ModelCatalog.class).find("tiny").orElseThrow();
			assertThat(tiny.isClosed()).isFalse();
			assertThat(tiny.evaluation().size()).isEqualTo(10_000);
			assertThat(tiny.classify(Instances.ofBytes(new byte[784], 0, 1))[0].probabilities()).hasSize(10);
		}
		assertThat(tiny.isClosed()).isTrue();
	}

	@Test
	void closingTheApplicationWhileTheModelIsEvaluatedStopsTheEvaluationFirst(CapturedOutput output) throws IOException {
		Path model = TinyOnnx.write(this.dir.resolve("tiny.onnx"), new float[10], 0);
		Model tiny;
		// Ready, so the evaluation has started; closed at once, most likely in the middle of it.
		try (ConfigurableApplicationContext context = start("--fmnist.models.baseline.enabled=false",
				"--fmnist.models.tiny.path=" + model)) {
			tiny = context.getBean(ModelCatalog.class).find("tiny").orElseThrow();
		}
		assertThat(tiny.isClosed()).isTrue();
		// Never a batch on a closed session: finished, or stopped between two batches.
		try {
			assertThat(tiny.evaluation().size()).isEqualTo(10_000);
		}
		catch (CancellationException ex) {
			assertThat(ex).hasMessageContaining("closed before its predictions for the test split were done");
		}
		assertThat(output).doesNotContain("Evaluating model tiny failed");
	}

	@Test
	void theBaselineIsTheModelBundledInTheApplication(CapturedOutput output) {
		try (ConfigurableApplicationContext context = start()) {
			Model baseline = context.getBean(ModelCatalog.class).find(ModelCatalog.BASELINE).orElseThrow();
			assertThat(baseline.file().location()).hasToString("classpath:bundled/models/baseline.onnx");
			assertThat(baseline.file().name()).isEqualTo("baseline.onnx");
			// Its descriptor, bundled beside it, was read too.
			assertThat(baseline.descriptor().classes()).hasSize(10);
		}
		assertThat(output).contains("Loaded model baseline from classpath:bundled/models/baseline.onnx")
			.contains("Loaded fashion-mnist from classpath:bundled/data/fashion-mnist in");
		// Plain text unless structured logging is asked for (StructuredLogsIT): the figures, which the lines also
		// carry as key-value pairs for it, appear once, in the message, and nothing follows it.
		assertThat(output.toString()).containsPattern(Pattern.compile("^\\S+ +INFO \\d+ --- .* : Loaded fashion-mnist from "
				+ "classpath:bundled/data/fashion-mnist in \\d+ ms: 60000 train and 10000 test images, SHA-256 of all 4 files verified$",
				Pattern.MULTILINE))
			.containsPattern(Pattern.compile("^\\S+ +INFO \\d+ --- .* : Loaded model baseline from classpath:bundled/models/baseline.onnx "
					+ "\\(\\d+ parameters, sha256 [0-9a-f]{64}\\) in \\d+ ms$", Pattern.MULTILINE))
			.doesNotContain("{\"@timestamp\"");
	}

	@Test
	void aMissingModelFileStopsStartUpNamingIt(CapturedOutput output) {
		Path missing = this.dir.resolve("missing.onnx");

		assertThatException().isThrownBy(() -> start("--fmnist.models.baseline.path=" + missing))
			.havingRootCause()
			.isInstanceOf(ModelFileException.class)
			.withMessageContaining("missing.onnx")
			.withMessageContaining("expected the file to exist");
		assertThat(output).contains("APPLICATION FAILED TO START").contains("fmnist.models.<id>.path");
	}

	@Test
	void aFileThatIsNotAModelStopsStartUp() throws IOException {
		Path broken = Files.writeString(this.dir.resolve("broken.onnx"), "not a model");

		assertThatException().isThrownBy(() -> start("--fmnist.models.baseline.path=" + broken))
			.withStackTraceContaining(ModelFileException.class.getName())
			.withStackTraceContaining("broken.onnx: ONNX Runtime cannot load it");
	}

	private static ConfigurableApplicationContext start(String... args) {
		return new SpringApplicationBuilder(FashionMnistServerApplication.class).web(WebApplicationType.NONE).run(args);
	}

}
