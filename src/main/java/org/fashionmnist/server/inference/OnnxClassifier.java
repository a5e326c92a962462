package org.fashionmnist.server.inference;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions;
import ai.onnxruntime.TensorInfo;

import org.fashionmnist.server.dataset.FileLocation;

/**
 * One ONNX Runtime session and the preprocessing of its model: takes raw pixel values of many images
 * from several places, normalises them into one input tensor, runs the model once, and writes the
 * softmax of its logits back to each place. Thread-safe (ONNX Runtime sessions are); each caller brings
 * its own input buffer from {@link #newInputBuffer(int)}.
 */
final class OnnxClassifier implements BatchRunner, AutoCloseable {

	static final int PIXELS = 28 * 28;

	private final OrtEnvironment environment;

	private final OrtSession session;

	private final Preprocessing preprocessing;

	private final String inputName;

	private final long[] inputShape;

	private final String outputName;

	private final int numClasses;

	private volatile boolean closed;

	OnnxClassifier(FileLocation file, byte[] model, Preprocessing preprocessing, int numClasses, int intraOpThreads, int interOpThreads) {
		this.environment = OrtEnvironment.getEnvironment();
		this.preprocessing = preprocessing;
		this.numClasses = numClasses;
		try (SessionOptions options = new SessionOptions()) {
			options.setIntraOpNumThreads(intraOpThreads);
			options.setInterOpNumThreads(interOpThreads);
			options.setExecutionMode(SessionOptions.ExecutionMode.SEQUENTIAL);
			options.setOptimizationLevel(SessionOptions.OptLevel.ALL_OPT);
			// Spinning threads burn a core waiting for work; on a small shared machine that costs latency.
			options.addConfigEntry("session.intra_op.allow_spinning", "0");
			options.addConfigEntry("session.inter_op.allow_spinning", "0");
			this.session = this.environment.createSession(model, options);
		}
		catch (OrtException ex) {
			throw new ModelFileException(file, "ONNX Runtime cannot load it: " + ex.getMessage(), ex);
		}
		try {
			this.inputName = single(file, "input", this.session.getInputInfo());
			this.inputShape = checkInput(file, this.session.getInputInfo().get(this.inputName));
			this.outputName = single(file, "output", this.session.getOutputInfo());
			checkOutput(file, this.session.getOutputInfo().get(this.outputName));
		}
		catch (RuntimeException | OrtException ex) {
			close();
			throw (ex instanceof ModelFileException modelFile) ? modelFile
					: new ModelFileException(file, "cannot read its inputs and outputs: " + ex.getMessage(), ex);
		}
	}

	String inputName() {
		return this.inputName;
	}

	String outputName() {
		return this.outputName;
	}

	@Override
	public int numClasses() {
		return this.numClasses;
	}

	boolean isClosed() {
		return this.closed;
	}

	/** A direct buffer in native order that holds the input of {@code images} images. */
	static FloatBuffer newInputBuffer(int images) {
		return ByteBuffer.allocateDirect(images * PIXELS * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
	}

	/**
	 * Runs one batch: the images of {@code segments}, in order, through the model.
	 * @param input a buffer from {@link #newInputBuffer(int)} large enough for all of them
	 */
	@Override
	public void classify(List<Segment> segments, FloatBuffer input) {
		int count = 0;
		input.clear();
		for (Segment segment : segments) {
			this.preprocessing.apply(segment.pixels(), segment.first() * PIXELS, segment.count() * PIXELS, input);
			count += segment.count();
		}
		input.flip();
		float[] logits = run(input, count);
		int at = 0;
		for (Segment segment : segments) {
			for (int i = 0; i < segment.count(); i++) {
				softmax(logits, (at + i) * this.numClasses, segment.probabilities(),
						(segment.first() + i) * this.numClasses, this.numClasses);
			}
			at += segment.count();
		}
	}

	private float[] run(FloatBuffer input, int count) {
		long[] shape = this.inputShape.clone();
		shape[0] = count;
		try (OnnxTensor tensor = OnnxTensor.createTensor(this.environment, input, shape);
				OrtSession.Result result = this.session.run(Map.of(this.inputName, tensor))) {
			FloatBuffer output = ((OnnxTensor) result.get(0)).getFloatBuffer();
			float[] logits = new float[count * this.numClasses];
			output.get(logits);
			return logits;
		}
		catch (OrtException ex) {
			throw new IllegalStateException("ONNX Runtime failed to run a batch of " + count + " images", ex);
		}
	}

	static void softmax(float[] logits, int from, float[] into, int at, int n) {
		double max = Double.NEGATIVE_INFINITY;
		for (int i = 0; i < n; i++) {
			max = Math.max(max, logits[from + i]);
		}
		double sum = 0;
		for (int i = 0; i < n; i++) {
			sum += Math.exp(logits[from + i] - max);
		}
		for (int i = 0; i < n; i++) {
			into[at + i] = (float) (Math.exp(logits[from + i] - max) / sum);
		}
	}

	@Override
	public void close() {
		this.closed = true;
		try {
			this.session.close();
		}
		catch (OrtException ex) {
			throw new IllegalStateException("Closing the ONNX Runtime session failed", ex);
		}
	}

	private static String single(FileLocation file, String what, Map<String, NodeInfo> nodes) {
		if (nodes.size() != 1) {
			throw new ModelFileException(file, "expected one " + what + ", found " + nodes.keySet());
		}
		return nodes.keySet().iterator().next();
	}

	/** Accepts float32 [N,1,28,28], [N,28,28] or [N,784] with a dynamic (or any) batch dimension. */
	private static long[] checkInput(FileLocation file, NodeInfo node) {
		long[] shape = tensorShape(file, node);
		long[] item = Arrays.copyOfRange(shape, 1, shape.length);
		boolean image = Arrays.equals(item, new long[] { 1, 28, 28 }) || Arrays.equals(item, new long[] { 28, 28 })
				|| Arrays.equals(item, new long[] { PIXELS });
		if (shape.length < 2 || !image || ((TensorInfo) node.getInfo()).type != OnnxJavaType.FLOAT) {
			throw new ModelFileException(file, "expected input '" + node.getName() + "' of float32 [N,1,28,28], found "
					+ node.getInfo());
		}
		return shape;
	}

	private void checkOutput(FileLocation file, NodeInfo node) {
		long[] shape = tensorShape(file, node);
		if (shape.length != 2 || shape[1] != this.numClasses || ((TensorInfo) node.getInfo()).type != OnnxJavaType.FLOAT) {
			throw new ModelFileException(file, "expected output '" + node.getName() + "' of float32 logits [N,"
					+ this.numClasses + "], found " + node.getInfo());
		}
	}

	private static long[] tensorShape(FileLocation file, NodeInfo node) {
		if (!(node.getInfo() instanceof TensorInfo tensor)) {
			throw new ModelFileException(file, "expected '" + node.getName() + "' to be a tensor, found " + node.getInfo());
		}
		return tensor.getShape();
	}

	/**
	 * Images {@code first .. first+count-1} of a request: their raw pixels are in {@code pixels} (784 per
	 * image) and their class probabilities go to {@code probabilities} (one row per image).
	 */
	record Segment(float[] pixels, float[] probabilities, int first, int count) {
	}

}
