package org.fashionmnist.server.dataset;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

import org.fashionmnist.server.dataset.IdxReader.IdxArray;
import org.fashionmnist.server.dataset.IdxReader.IdxFormatException;

/**
 * Loads a dataset from its four original gzip IDX files, in a directory or bundled in the application: each
 * file is read whole, checked against its pinned SHA-256 digest, then decompressed and parsed into one
 * contiguous array. Any problem is a {@link DataFileException} naming the file, what was expected and what
 * was found.
 */
final class DatasetLoader {

	private DatasetLoader() {
	}

	static Dataset load(DatasetInfo info, FileLocation dir, DatasetProperties.Digests digests) {
		// The train split is six times the test split: decompress it on a second core meanwhile.
		CompletableFuture<LoadedSplit> train = CompletableFuture.supplyAsync(
				() -> loadSplit(info, dir, Split.TRAIN, digests), (task) -> new Thread(task, "dataset-loader").start());
		LoadedSplit test = loadSplit(info, dir, Split.TEST, digests);
		LoadedSplit trained = join(train);
		Map<Split, SplitData> splits = new EnumMap<>(Split.class);
		List<DataFile> files = new ArrayList<>();
		for (LoadedSplit split : List.of(trained, test)) {
			splits.put(split.data().split(), split.data());
			files.add(split.images());
			files.add(split.labels());
		}
		return new Dataset(info, splits, files);
	}

	private static LoadedSplit loadSplit(DatasetInfo info, FileLocation dir, Split split, DatasetProperties.Digests digests) {
		FileLocation imagesLocation = dir.resolve(split.imagesFile());
		FileLocation labelsLocation = dir.resolve(split.labelsFile());
		DataFile imagesFile = readVerified(imagesLocation, digests.images(split));
		DataFile labelsFile = readVerified(labelsLocation, digests.labels(split));
		IdxArray images = parse(imagesLocation, imagesFile, info.imageSide(), info.imageSide());
		IdxArray labels = parse(labelsLocation, labelsFile);
		if (images.count() != labels.count()) {
			throw new DataFileException(labelsLocation, "expected " + images.count() + " labels, one per image of "
					+ split.imagesFile() + ", found " + labels.count());
		}
		for (int index = 0; index < labels.count(); index++) {
			int label = labels.data()[index] & 0xff;
			if (label >= info.numClasses()) {
				throw new DataFileException(labelsLocation, "expected labels 0.." + (info.numClasses() - 1)
						+ ", found " + label + " at index " + index);
			}
		}
		SplitData data = new SplitData(split, info.imageSide(), images.data(), labels.data(), info.numClasses());
		return new LoadedSplit(data, imagesFile, labelsFile);
	}

	private static DataFile readVerified(FileLocation file, String expectedSha256) {
		byte[] content;
		try {
			content = file.read();
		}
		catch (NoSuchFileException ex) {
			throw new DataFileException(file, "expected the file to exist, found nothing there");
		}
		catch (IOException ex) {
			throw new DataFileException(file, "expected a readable file, found: " + ex, ex);
		}
		String sha256 = Digests.sha256Hex(content);
		if (!sha256.equalsIgnoreCase(expectedSha256)) {
			throw new DataFileException(file, "expected SHA-256 " + expectedSha256 + ", found " + sha256 + " ("
					+ content.length + " bytes): the file is corrupt, truncated or not the pinned one");
		}
		return new DataFile(file.name(), sha256, content);
	}

	private static IdxArray parse(FileLocation location, DataFile file, int... itemShape) {
		try (InputStream in = new GzipCompressorInputStream(new ByteArrayInputStream(file.content()))) {
			return IdxReader.read(in, itemShape);
		}
		catch (IdxFormatException ex) {
			throw new DataFileException(location, "the IDX content " + ex.getMessage(), ex);
		}
		catch (EOFException ex) {
			throw new DataFileException(location, "expected a complete gzip stream, found it truncated", ex);
		}
		catch (IOException ex) {
			throw new DataFileException(location, "expected a complete gzip stream, found a broken one: " + ex.getMessage(), ex);
		}
	}

	private static LoadedSplit join(CompletableFuture<LoadedSplit> future) {
		try {
			return future.join();
		}
		catch (CompletionException ex) {
			if (ex.getCause() instanceof RuntimeException cause) {
				throw cause;
			}
			throw ex;
		}
	}

	private record LoadedSplit(SplitData data, DataFile images, DataFile labels) {
	}

}
