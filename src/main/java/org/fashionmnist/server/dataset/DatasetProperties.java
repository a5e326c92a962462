package org.fashionmnist.server.dataset;

import java.nio.file.Path;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the dataset files are and the SHA-256 digests they must have. By default the copy bundled in the
 * application is read, so that the jar runs from any working directory; a configured directory replaces it.
 *
 * @param dataDir directory holding the four original {@code .gz} files ({@code FMNIST_DATA_DIR}), relative
 * to the working directory or absolute; unset: the files bundled in the application
 * @param sha256 the pinned digest of each {@code .gz} file, bundled or not; the defaults are those of the
 * official Fashion-MNIST files
 */
@ConfigurationProperties("fmnist")
public record DatasetProperties(@Nullable Path dataDir, @DefaultValue Digests sha256) {

	/** Where the build bundles the repository's {@code data/fashion-mnist} (see the pom's resources). */
	static final String BUNDLED_DIR = "data/fashion-mnist";

	/** The directory the files are read from: the configured one, else the copy bundled in the application. */
	FileLocation dir() {
		return (this.dataDir != null) ? FileLocation.of(this.dataDir) : FileLocation.bundled(BUNDLED_DIR);
	}

	/** Lower-case hex SHA-256 of each original file. */
	public record Digests(
			@DefaultValue("3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84") String trainImages,
			@DefaultValue("a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845") String trainLabels,
			@DefaultValue("346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073") String testImages,
			@DefaultValue("67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5") String testLabels) {

		String images(Split split) {
			return split == Split.TRAIN ? this.trainImages : this.testImages;
		}

		String labels(Split split) {
			return split == Split.TRAIN ? this.trainLabels : this.testLabels;
		}

	}

}
