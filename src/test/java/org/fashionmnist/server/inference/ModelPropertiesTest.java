package org.fashionmnist.server.inference;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.fashionmnist.server.dataset.FileLocation;
import org.fashionmnist.server.inference.ModelProperties.ModelSettings;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The baseline without a path is the bundled model; every other model names its file. */
class ModelPropertiesTest {

	@Test
	void theBaselineWithoutAPathIsTheBundledModelAndItsDescriptor() {
		ModelSettings baseline = settings(Map.of("fmnist.models.baseline.enabled", "true"), "baseline");

		baseline.check("baseline");
		assertThat(baseline.file("baseline")).isEqualTo(FileLocation.bundled("models/baseline.onnx"));
		assertThat(baseline.metadataFile("baseline")).isEqualTo(FileLocation.bundled("models/baseline.json"));
	}

	@Test
	void aPathReplacesTheBundledModelAndBringsItsOwnDescriptor() {
		ModelSettings baseline = settings(Map.of("fmnist.models.baseline.path", "/srv/models/v2.onnx"), "baseline");

		assertThat(baseline.file("baseline")).isEqualTo(FileLocation.of(Path.of("/srv/models/v2.onnx")));
		assertThat(baseline.metadataFile("baseline")).isEqualTo(FileLocation.of(Path.of("/srv/models/v2.json")));
	}

	@Test
	void anotherModelMustNameItsFile() {
		ModelSettings other = settings(Map.of("fmnist.models.other.workers", "1"), "other");

		assertThatIllegalArgumentException().isThrownBy(() -> other.check("other"))
			.withMessage("fmnist.models.other.path must name the model's .onnx file");
	}

	private static ModelSettings settings(Map<String, String> properties, String id) {
		return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("fmnist", ModelProperties.class)
			.models()
			.get(id);
	}

}
