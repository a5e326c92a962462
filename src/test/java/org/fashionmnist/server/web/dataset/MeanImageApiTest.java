package org.fashionmnist.server.web.dataset;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.fashionmnist.server.web.HttpTest;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code mean.png}: numpy's mean of the same images, rounded as {@code numpy.rint} rounds, as a PNG. */
class MeanImageApiTest extends HttpTest {

	/** Debian's interpreter and numpy (python3-numpy, which .ci/run installs), not a pyenv shim. */
	private static final String PYTHON = "/usr/bin/python3";

	/** Reads the original IDX files itself, so the server's own reading is not what it is checked against. */
	private static final String NUMPY_MEAN = """
			import gzip, sys
			import numpy as np
			prefix, labels = sys.argv[1], [int(v) for v in sys.argv[2].split(",") if v]
			with gzip.open(f"data/fashion-mnist/{prefix}-images-idx3-ubyte.gz") as f:
			    images = np.frombuffer(f.read(), np.uint8, offset=16).reshape(-1, 28, 28)
			with gzip.open(f"data/fashion-mnist/{prefix}-labels-idx1-ubyte.gz") as f:
			    truth = np.frombuffer(f.read(), np.uint8, offset=8)
			chosen = images[np.isin(truth, labels)] if labels else images
			sys.stdout.buffer.write(np.rint(chosen.mean(axis=0)).astype(np.uint8).tobytes())
			""";

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "train|train|''|1", "train|train|3|1", "test|t10k|0,9|2", "test|t10k|''|1",
			"t10k|t10k|5|3" })
	void meanIsNumpysMeanOfTheSameImagesRoundedToTheNearestLevel(String split, String prefix, String labels, int scale)
			throws IOException, InterruptedException {
		HttpResponse<byte[]> response = get(DATASET + "/splits/" + split + "/mean.png?scale=" + scale
				+ (labels.isEmpty() ? "" : "&label=" + labels));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(header(response, "Content-Type")).isEqualTo("image/png");
		BufferedImage image = ImageApiTest.decode(response.body());
		assertThat(image.getType()).isEqualTo(BufferedImage.TYPE_BYTE_GRAY);
		assertThat(image.getWidth()).isEqualTo(28 * scale);
		assertThat(ImageApiTest.pixels(image, scale, false)).isEqualTo(numpyMean(prefix, labels));
	}

	@Test
	void aMeanIsCachedByItsStrongTag() {
		HttpResponse<byte[]> first = get(TRAIN + "/mean.png?label=7");
		String etag = header(first, "ETag");
		assertThat(etag).startsWith("\"");
		assertThat(get(TRAIN + "/mean.png?label=7", "If-None-Match", etag).statusCode()).isEqualTo(304);
		assertThat(header(get(TRAIN + "/mean.png?label=8"), "ETag")).isNotEqualTo(etag);
		assertThat(get(TRAIN + "/mean.png?label=7").body()).isEqualTo(first.body());
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "label=10|label", "scale=0|scale", "scale=17|scale", "label=x|label" })
	void rejectsParametersOutOfRange(String query, String parameter) {
		assertParameterProblem(get(TRAIN + "/mean.png?" + query), parameter);
	}

	private static byte[] numpyMean(String prefix, String labels) throws IOException, InterruptedException {
		boolean numpy = new File(PYTHON).canExecute()
				&& new ProcessBuilder(PYTHON, "-c", "import numpy").start().waitFor() == 0;
		if (!"true".equalsIgnoreCase(System.getenv("CI"))) {
			Assumptions.assumeTrue(numpy, PYTHON + " with numpy (apt-get install python3-numpy) checks the means");
		}
		Process process = new ProcessBuilder(PYTHON, "-c", NUMPY_MEAN, prefix, labels).redirectError(ProcessBuilder.Redirect.INHERIT)
			.start();
		byte[] mean = process.getInputStream().readAllBytes();
		assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
		assertThat(process.exitValue()).as("numpy's mean: %s", new String(mean, StandardCharsets.UTF_8)).isZero();
		assertThat(mean).hasSize(784);
		return mean;
	}

}
