package org.fashionmnist.server.dataset;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** Without a data directory the bundled copy is read; a configured one replaces it. */
class DatasetPropertiesTest {

	@Test
	void noDataDirectoryMeansTheBundledCopy() {
		assertThat(bind(Map.of()).dir()).isEqualTo(FileLocation.bundled("data/fashion-mnist"));
	}

	@Test
	void aDataDirectoryReplacesTheBundledCopy() {
		assertThat(bind(Map.of("fmnist.data-dir", "/srv/fashion-mnist")).dir())
			.isEqualTo(FileLocation.of(Path.of("/srv/fashion-mnist")));
	}

	@Test
	void anEmptyDataDirectoryMeansTheBundledCopyToo() {
		assertThat(bind(Map.of("fmnist.data-dir", "")).dir()).isEqualTo(FileLocation.bundled("data/fashion-mnist"));
	}

	static DatasetProperties bind(Map<String, String> properties) {
		return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("fmnist", DatasetProperties.class);
	}

}
