package org.fashionmnist.server.dataset;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class DatasetLoaderTest {

	@TempDir
	Path dir;

	@Test
	void loadsAValidDatasetIntoContiguousArrays() {
		DatasetProperties.Digests digests = IdxFixtures.writeValid(this.dir);
		Dataset dataset = DatasetLoader.load(DatasetInfo.FASHION_MNIST, FileLocation.of(this.dir), digests);

		SplitData train = dataset.split(Split.TRAIN);
		assertThat(train.size()).isEqualTo(20);
		assertThat(train.imageBytes()).hasSize(20 * 784);
		assertThat(train.imageBytes()[785]).isEqualTo((byte) (785 * 7));
		assertThat(train.label(13)).isEqualTo(3);
		assertThat(train.classCounts()).containsExactly(2, 2, 2, 2, 2, 2, 2, 2, 2, 2);
		assertThat(dataset.split(Split.TEST).size()).isEqualTo(10);
		assertThat(dataset.files()).extracting(DataFile::name)
			.containsExactly("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz",
					"t10k-labels-idx1-ubyte.gz");
		assertThat(dataset.version()).hasSize(16);
	}

	@Test
	void theBundledCopyIsTheOfficialDataAndIsVerifiedToo() {
		DatasetProperties bundled = DatasetPropertiesTest.bind(Map.of());
		Dataset dataset = DatasetLoader.load(DatasetInfo.FASHION_MNIST, bundled.dir(), bundled.sha256());

		assertThat(dataset.split(Split.TRAIN).size()).isEqualTo(60_000);
		assertThat(dataset.split(Split.TEST).size()).isEqualTo(10_000);
		assertThat(dataset.files()).extracting(DataFile::sha256)
			.containsExactly(bundled.sha256().trainImages(), bundled.sha256().trainLabels(), bundled.sha256().testImages(),
					bundled.sha256().testLabels());

		String wrong = "ab".repeat(32);
		DatasetProperties.Digests digests = new DatasetProperties.Digests(bundled.sha256().trainImages(),
				bundled.sha256().trainLabels(), bundled.sha256().testImages(), wrong);
		assertThatExceptionOfType(DataFileException.class)
			.isThrownBy(() -> DatasetLoader.load(DatasetInfo.FASHION_MNIST, bundled.dir(), digests))
			.withMessageStartingWith("Data file classpath:bundled/data/fashion-mnist/t10k-labels-idx1-ubyte.gz: ")
			.withMessageContaining("expected SHA-256 " + wrong + ", found " + bundled.sha256().testLabels());
	}

	@Test
	void missingFileIsNamed() throws Exception {
		DatasetProperties.Digests digests = IdxFixtures.writeValid(this.dir);
		Files.delete(this.dir.resolve("t10k-labels-idx1-ubyte.gz"));

		assertFailure(digests, "t10k-labels-idx1-ubyte.gz", "expected the file to exist, found nothing");
	}

	@Test
	void wrongDigestNamesExpectedAndFound() {
		DatasetProperties.Digests valid = IdxFixtures.writeValid(this.dir);
		String wrong = "ab".repeat(32);
		DatasetProperties.Digests digests = new DatasetProperties.Digests(valid.trainImages(), wrong, valid.testImages(),
				valid.testLabels());

		assertFailure(digests, "train-labels-idx1-ubyte.gz", "expected SHA-256 " + wrong + ", found " + valid.trainLabels());
	}

	@Test
	void badMagicNumberIsReported() {
		IdxFixtures.writeValid(this.dir);
		byte[] images = IdxFixtures.images(10);
		images[2] = 0x0D; // float instead of unsigned byte
		IdxFixtures.write(this.dir, "t10k-images-idx3-ubyte.gz", IdxFixtures.gzip(images));

		assertFailure(IdxFixtures.digestsOf(this.dir), "t10k-images-idx3-ubyte.gz",
				"expected IDX magic number 0x00000803 (unsigned bytes, 3 dimensions), found 0x00000d03");
	}

	@Test
	void labelsFileWithImageMagicIsReported() {
		IdxFixtures.writeValid(this.dir);
		IdxFixtures.write(this.dir, "train-labels-idx1-ubyte.gz", IdxFixtures.gzip(IdxFixtures.images(20)));

		assertFailure(IdxFixtures.digestsOf(this.dir), "train-labels-idx1-ubyte.gz", "expected IDX magic number 0x00000801");
	}

	@Test
	void countLargerThanTheDataIsTruncation() {
		IdxFixtures.writeValid(this.dir);
		byte[] images = IdxFixtures.images(20);
		images[7] = 21; // declares 21 images, holds 20
		IdxFixtures.write(this.dir, "train-images-idx3-ubyte.gz", IdxFixtures.gzip(images));

		assertFailure(IdxFixtures.digestsOf(this.dir), "train-images-idx3-ubyte.gz",
				"is truncated: the header declares 21 items (16464 data bytes), found 15680 data bytes");
	}

	@Test
	void countSmallerThanTheDataIsReported() {
		IdxFixtures.writeValid(this.dir);
		byte[] labels = IdxFixtures.labels(10);
		labels[7] = 9; // declares 9 labels, holds 10
		IdxFixtures.write(this.dir, "t10k-labels-idx1-ubyte.gz", IdxFixtures.gzip(labels));

		assertFailure(IdxFixtures.digestsOf(this.dir), "t10k-labels-idx1-ubyte.gz", "holds more data than the 9 items");
	}

	@Test
	void wrongImageShapeIsReported() {
		IdxFixtures.writeValid(this.dir);
		IdxFixtures.write(this.dir, "t10k-images-idx3-ubyte.gz",
				IdxFixtures.gzip(IdxFixtures.idx(0x803, new int[] { 10, 32, 32 }, new byte[10 * 32 * 32])));

		assertFailure(IdxFixtures.digestsOf(this.dir), "t10k-images-idx3-ubyte.gz",
				"expected items of shape [28, 28], found [32, 32]");
	}

	@Test
	void truncatedGzipIsReported() {
		IdxFixtures.writeValid(this.dir);
		byte[] gzip = IdxFixtures.gzip(IdxFixtures.images(20));
		IdxFixtures.write(this.dir, "train-images-idx3-ubyte.gz", Arrays.copyOf(gzip, gzip.length / 2));

		assertFailure(IdxFixtures.digestsOf(this.dir), "train-images-idx3-ubyte.gz", "truncated");
	}

	@Test
	void fileThatIsNotGzipIsReported() {
		IdxFixtures.writeValid(this.dir);
		IdxFixtures.write(this.dir, "train-labels-idx1-ubyte.gz", IdxFixtures.labels(20));

		assertFailure(IdxFixtures.digestsOf(this.dir), "train-labels-idx1-ubyte.gz", "expected a complete gzip stream");
	}

	@Test
	void labelAndImageCountMismatchIsReported() {
		IdxFixtures.writeValid(this.dir);
		IdxFixtures.write(this.dir, "t10k-labels-idx1-ubyte.gz", IdxFixtures.gzip(IdxFixtures.labels(9)));

		assertFailure(IdxFixtures.digestsOf(this.dir), "t10k-labels-idx1-ubyte.gz",
				"expected 10 labels, one per image of t10k-images-idx3-ubyte.gz, found 9");
	}

	@Test
	void labelOutsideTheClassesIsReported() {
		IdxFixtures.writeValid(this.dir);
		byte[] labels = IdxFixtures.labels(20);
		labels[8 + 5] = 10;
		IdxFixtures.write(this.dir, "train-labels-idx1-ubyte.gz", IdxFixtures.gzip(labels));

		assertFailure(IdxFixtures.digestsOf(this.dir), "train-labels-idx1-ubyte.gz", "expected labels 0..9, found 10 at index 5");
	}

	private void assertFailure(DatasetProperties.Digests digests, String file, String problem) {
		assertThatExceptionOfType(DataFileException.class)
			.isThrownBy(() -> DatasetLoader.load(DatasetInfo.FASHION_MNIST, FileLocation.of(this.dir), digests))
			.satisfies((ex) -> assertThat(ex.file().name()).isEqualTo(file))
			.withMessageStartingWith("Data file " + this.dir.resolve(file).toAbsolutePath() + ": ")
			.withMessageContaining(problem);
	}

}
