package org.fashionmnist.server.inference;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.NoSuchFileException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

import org.fashionmnist.server.dataset.Dataset;
import org.fashionmnist.server.dataset.DatasetCatalog;
import org.fashionmnist.server.dataset.FileLocation;
import org.fashionmnist.server.dataset.Split;
import org.fashionmnist.server.dataset.SplitData;
import org.fashionmnist.server.inference.Model.ModelFile;
import org.fashionmnist.server.inference.ModelProperties.ModelSettings;
import org.fashionmnist.server.inference.OnnxClassifier.Segment;

/**
 * Loads one configured model: reads and fingerprints the file, reads its descriptor, opens the ONNX
 * Runtime session, checks the input and output contract and runs one batch through it; the model it returns
 * predicts, when asked, every image of a split of its dataset through the same preprocessing and batch code
 * that serves requests, and evaluates itself on the test split that way.
 */
final class ModelLoader {

	static final String DEFAULT_DATASET = "fashion-mnist";

	private final DatasetCatalog datasets;

	/** Descriptors are a file format of their own: read with Jackson's defaults, not the web's settings. */
	private final JsonMapper json = JsonMapper.builder().build();

	private final MeterRegistry meters;

	ModelLoader(DatasetCatalog datasets, MeterRegistry meters) {
		this.datasets = datasets;
		this.meters = meters;
	}

	Model load(String id, ModelSettings settings) {
		settings.check(id);
		FileLocation location = settings.file(id);
		FileLocation metadata = settings.metadataFile(id);
		byte[] bytes = read(location);
		ModelDescriptor descriptor = ModelDescriptor.read(metadata, this.json);
		Dataset dataset = dataset(settings, descriptor, location);
		List<String> classNames = classNames(descriptor, dataset, metadata);
		Preprocessing preprocessing = preprocessing(descriptor, dataset, metadata);
		ModelFile file = new ModelFile(location, bytes.length, sha256(bytes), OnnxParameters.count(bytes));
		OnnxClassifier classifier = new OnnxClassifier(location, bytes, preprocessing, classNames.size(),
				settings.intraOpThreads(), settings.interOpThreads());
		try {
			warmUp(classifier, dataset.split(Split.TEST), settings);
			return new Model(id, file, descriptor, preprocessing, dataset, classNames, settings, classifier,
					(split, stopped, progress) -> predict(classifier, split, settings, stopped, progress), this.meters);
		}
		catch (RuntimeException ex) {
			classifier.close();
			throw ex;
		}
	}

	/**
	 * Runs the first batch of {@code split} through the model before it serves anything: proof that the
	 * whole inference path works with this file, and the first prediction is no slower than the next.
	 */
	private static void warmUp(OnnxClassifier classifier, SplitData split, ModelSettings settings) {
		int count = Math.min(settings.maxBatchSize(), split.size());
		classify(classifier, split, 0, count, new float[count * classifier.numClasses()], OnnxClassifier.newInputBuffer(count));
	}

	/**
	 * Classifies every image of {@code split} in batches of the model's maximum batch size, one batch at a
	 * time on the calling thread: it runs while the model already serves, so it leaves the other core to
	 * the requests. Counts the images done in {@code progress}; stops with an exception between two
	 * batches once {@code stopped} says so.
	 */
	static SplitPredictions predict(OnnxClassifier classifier, SplitData split, ModelSettings settings,
			BooleanSupplier stopped, AtomicInteger progress) {
		int batch = settings.maxBatchSize();
		byte[] labels = new byte[split.size()];
		float[] confidences = new float[split.size()];
		FloatBuffer buffer = OnnxClassifier.newInputBuffer(batch);
		float[] probabilities = new float[batch * classifier.numClasses()];
		for (int first = 0; first < split.size(); first += batch) {
			if (stopped.getAsBoolean()) {
				throw new CancellationException("The model was closed before its predictions for the "
						+ split.split().id() + " split were done");
			}
			int count = Math.min(batch, split.size() - first);
			classify(classifier, split, first, count, probabilities, buffer);
			Classification[] results = Classification.split(probabilities, batch);
			for (int i = 0; i < count; i++) {
				labels[first + i] = (byte) results[i].label();
				confidences[first + i] = results[i].confidence();
			}
			progress.addAndGet(count);
		}
		return new SplitPredictions(split, labels, confidences);
	}

	/** Classifies {@code count} stored images of {@code split} from {@code first} into {@code probabilities}. */
	private static void classify(OnnxClassifier classifier, SplitData split, int first, int count, float[] probabilities,
			FloatBuffer buffer) {
		Instances images = Instances.ofBytes(split.imageBytes(), split.imageOffset(first), count);
		classifier.classify(List.of(new Segment(images.pixels(), probabilities, 0, count)), buffer);
	}

	private Dataset dataset(ModelSettings settings, ModelDescriptor descriptor, FileLocation file) {
		String id = (settings.dataset() != null) ? settings.dataset()
				: (descriptor.dataset() != null) ? descriptor.dataset() : DEFAULT_DATASET;
		return this.datasets.find(id)
			.orElseThrow(() -> new ModelFileException(file, "it was trained on dataset '" + id
					+ "', which this server does not hold"));
	}

	private static List<String> classNames(ModelDescriptor descriptor, Dataset dataset, FileLocation metadata) {
		List<String> datasetNames = dataset.info().classNames();
		if (descriptor.classes() == null) {
			return datasetNames;
		}
		List<ModelDescriptor.ClassName> classes = descriptor.classes()
			.stream()
			.sorted(Comparator.comparingInt(ModelDescriptor.ClassName::label))
			.toList();
		for (int label = 0; label < classes.size(); label++) {
			if (classes.get(label).label() != label) {
				throw new ModelFileException(metadata, "expected classes labelled 0.." + (classes.size() - 1)
						+ " once each, found labels " + classes.stream().map(ModelDescriptor.ClassName::label).toList());
			}
		}
		if (classes.size() != datasetNames.size()) {
			throw new ModelFileException(metadata, "expected the " + datasetNames.size() + " classes of "
					+ dataset.id() + ", found " + classes.size());
		}
		return classes.stream().map(ModelDescriptor.ClassName::name).toList();
	}

	private static Preprocessing preprocessing(ModelDescriptor descriptor, Dataset dataset, FileLocation metadata) {
		if (descriptor.preprocessing() == null) {
			return new Preprocessing(new Preprocessing.Settings(Instances.MAX_VALUE, dataset.pixelStats().mean(),
					dataset.pixelStats().std()));
		}
		try {
			return new Preprocessing(descriptor.preprocessing());
		}
		catch (IllegalArgumentException ex) {
			throw new ModelFileException(metadata, "preprocessing: " + ex.getMessage(), ex);
		}
	}

	private static byte[] read(FileLocation file) {
		try {
			return file.read();
		}
		catch (NoSuchFileException ex) {
			throw new ModelFileException(file, "expected the file to exist, found nothing there");
		}
		catch (IOException ex) {
			throw new ModelFileException(file, "expected a readable file, found: " + ex, ex);
		}
	}

	private static String sha256(byte[] bytes) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every Java platform must support SHA-256", ex);
		}
	}

}
