package org.fashionmnist.server.inference;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.fashionmnist.server.dataset.FileLocation;
import org.fashionmnist.server.inference.OnnxClassifier.Segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.within;

/** The ONNX Runtime session wrapper, against a tiny linear model whose answers are known. */
class OnnxClassifierTest {

	private static final float[] BIAS = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 2 };

	@TempDir
	Path dir;

	@Test
	void normalisesPixelsRunsTheModelAndAppliesSoftmax() throws IOException {
		Preprocessing preprocessing = new Preprocessing(new Preprocessing.Settings(255, 0.5, 0.25));
		try (OnnxClassifier classifier = classifier(preprocessing, 1)) {
			float[] pixels = new float[2 * 784];
			pixels[0] = 255; // image 0, pixel 0: (1 - 0.5) / 0.25 = 2 on logit 1
			float[] probabilities = new float[20];

			classifier.classify(List.of(new Segment(pixels, probabilities, 0, 2)), OnnxClassifier.newInputBuffer(2));

			assertThat(probabilities[1]).isCloseTo(softmax(new double[] { 0, 2, 0, 0, 0, 0, 0, 0, 0, 2 }, 1), within(1e-6f));
			assertThat(probabilities[9]).isCloseTo(probabilities[1], within(1e-6f));
			// image 1, pixel 0 is 0: (0 - 0.5) / 0.25 = -2 on logit 1
			assertThat(probabilities[11]).isCloseTo(softmax(new double[] { 0, -2, 0, 0, 0, 0, 0, 0, 0, 2 }, 1), within(1e-6f));
			assertThat(probabilities[19]).isCloseTo(softmax(new double[] { 0, -2, 0, 0, 0, 0, 0, 0, 0, 2 }, 9), within(1e-6f));
		}
	}

	@Test
	void gathersSegmentsOfSeveralRequestsIntoOneBatch() throws IOException {
		try (OnnxClassifier classifier = classifier(new Preprocessing(new Preprocessing.Settings(255, 0, 1)), 1)) {
			float[] first = new float[3 * 784];
			float[] second = new float[784];
			second[0] = 255;
			float[] firstOut = new float[30];
			float[] secondOut = new float[10];
			FloatBuffer buffer = OnnxClassifier.newInputBuffer(4);

			classifier.classify(List.of(new Segment(first, firstOut, 1, 2), new Segment(second, secondOut, 0, 1)), buffer);

			assertThat(firstOut[0]).as("image 0 of the first request was not in the batch").isZero();
			assertThat(firstOut[19]).isCloseTo(softmax(new double[] { 0, 0, 0, 0, 0, 0, 0, 0, 0, 2 }, 9), within(1e-6f));
			assertThat(secondOut[1]).isCloseTo(softmax(new double[] { 0, 1, 0, 0, 0, 0, 0, 0, 0, 2 }, 1), within(1e-6f));
		}
	}

	@Test
	void closingClosesTheSession() throws IOException {
		OnnxClassifier classifier = classifier(new Preprocessing(new Preprocessing.Settings(255, 0, 1)), 1);

		classifier.close();

		assertThat(classifier.isClosed()).isTrue();
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> classifier
			.classify(List.of(new Segment(new float[784], new float[10], 0, 1)), OnnxClassifier.newInputBuffer(1)));
	}

	@Test
	void refusesAModelWithAnotherOutputShape() throws IOException {
		Path file = TinyOnnx.write(this.dir.resolve("tiny.onnx"), BIAS, 1);
		byte[] bytes = Files.readAllBytes(file);

		assertThatExceptionOfType(ModelFileException.class)
			.isThrownBy(() -> new OnnxClassifier(FileLocation.of(file), bytes, new Preprocessing(new Preprocessing.Settings(255, 0, 1)), 12, 1, 1))
			.withMessageContaining("expected output 'logits' of float32 logits [N,12]");
	}

	@Test
	void refusesBytesThatAreNotAModel() {
		Path file = this.dir.resolve("broken.onnx");

		assertThatExceptionOfType(ModelFileException.class)
			.isThrownBy(() -> new OnnxClassifier(FileLocation.of(file), new byte[] { 1, 2, 3 }, new Preprocessing(new Preprocessing.Settings(255, 0, 1)), 10, 1, 1))
			.withMessageContaining("ONNX Runtime cannot load it");
	}

	@Test
	void countsTheValuesOfTheInitializers() {
		assertThat(OnnxParameters.count(TinyOnnx.model(new float[7840], new float[10]))).isEqualTo(7850);
		assertThat(OnnxParameters.count(new byte[] { (byte) 0xff })).isEqualTo(-1);
	}

	private OnnxClassifier classifier(Preprocessing preprocessing, int threads) throws IOException {
		Path file = TinyOnnx.write(this.dir.resolve("tiny.onnx"), BIAS, 1);
		return new OnnxClassifier(FileLocation.of(file), Files.readAllBytes(file), preprocessing, 10, threads, 1);
	}

	static float softmax(double[] logits, int index) {
		double sum = 0;
		for (double logit : logits) {
			sum += Math.exp(logit);
		}
		return (float) (Math.exp(logits[index]) / sum);
	}

}
