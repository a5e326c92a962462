package org.fashionmnist.server.inference;

import java.nio.FloatBuffer;
import java.util.List;

import org.fashionmnist.server.inference.OnnxClassifier.Segment;

/** Runs one batch of images through a model; {@link OnnxClassifier} is the real one. */
interface BatchRunner {

	int numClasses();

	/**
	 * Classifies the images of {@code segments}, in order, writing each image's class probabilities.
	 * @param input a buffer from {@link OnnxClassifier#newInputBuffer(int)} that holds all of them
	 */
	void classify(List<Segment> segments, FloatBuffer input);

}
