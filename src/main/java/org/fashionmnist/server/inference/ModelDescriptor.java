package org.fashionmnist.server.inference;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.fashionmnist.server.dataset.FileLocation;

/**
 * What the training script wrote beside the model ({@code models/baseline.json}): how to preprocess
 * pixels, the class names and facts about the network and its training. Unknown fields are ignored
 * and every field may be missing; the server falls back to the dataset's own values.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModelDescriptor(@Nullable String id, @Nullable String format, @Nullable String inputName,
		@Nullable String outputName, Preprocessing.@Nullable Settings preprocessing, @Nullable List<ClassName> classes,
		@Nullable Long parameters, @Nullable String architecture, @Nullable String dataset,
		@Nullable Double testAccuracy, @Nullable JsonNode training) {

	static final ModelDescriptor NONE = new ModelDescriptor(null, null, null, null, null, null, null, null, null, null,
			null);

	/** A class of the model's output, by label. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	public record ClassName(int label, String name) {
	}

	/** Reads the descriptor, or gives {@link #NONE} when there is no such file. */
	static ModelDescriptor read(FileLocation file, JsonMapper json) {
		try {
			return json.readValue(file.read(), ModelDescriptor.class);
		}
		catch (NoSuchFileException ex) {
			return NONE;
		}
		catch (IOException | JacksonException ex) {
			throw new ModelFileException(file, "expected a readable JSON model descriptor, found: " + ex.getMessage(), ex);
		}
	}

}
