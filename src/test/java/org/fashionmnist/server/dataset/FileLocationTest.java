package org.fashionmnist.server.dataset;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.fashionmnist.server.OriginalFiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Files on disk and files bundled in the application are named, found and read alike. */
class FileLocationTest {

	@TempDir
	Path dir;

	@Test
	void aBundledFileIsTheRepositorysCopyByteForByte() throws Exception {
		FileLocation bundled = FileLocation.bundled("data/fashion-mnist").resolve("t10k-labels-idx1-ubyte.gz");

		assertThat(bundled.read()).isEqualTo(Files.readAllBytes(OriginalFiles.DIR.resolve("t10k-labels-idx1-ubyte.gz")));
		assertThat(bundled.name()).isEqualTo("t10k-labels-idx1-ubyte.gz");
		assertThat(bundled).hasToString("classpath:bundled/data/fashion-mnist/t10k-labels-idx1-ubyte.gz");
	}

	@Test
	void aMissingBundledFileIsNoSuchFileNamingIt() {
		FileLocation missing = FileLocation.bundled("data/fashion-mnist/missing.gz");

		assertThatExceptionOfType(NoSuchFileException.class).isThrownBy(missing::read)
			.withMessage("classpath:bundled/data/fashion-mnist/missing.gz");
	}

	@Test
	void siblingsStayInTheirDirectory() {
		assertThat(FileLocation.bundled("models/baseline.onnx").resolveSibling("baseline.json"))
			.isEqualTo(FileLocation.bundled("models/baseline.json"));
		assertThat(FileLocation.of(this.dir.resolve("tiny.onnx")).resolveSibling("tiny.json"))
			.isEqualTo(FileLocation.of(this.dir.resolve("tiny.json")));
	}

	@Test
	void aFileOnDiskIsNamedByItsAbsolutePath() throws Exception {
		Path file = Files.write(this.dir.resolve("a.gz"), new byte[] { 1, 2, 3 });
		FileLocation location = FileLocation.of(this.dir).resolve("a.gz");

		assertThat(location.read()).containsExactly(1, 2, 3);
		assertThat(location.name()).isEqualTo("a.gz");
		assertThat(location).hasToString(file.toAbsolutePath().toString());
		assertThatExceptionOfType(NoSuchFileException.class).isThrownBy(FileLocation.of(this.dir.resolve("b.gz"))::read);
	}

}
