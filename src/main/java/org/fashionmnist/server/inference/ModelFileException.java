package org.fashionmnist.server.inference;

import java.nio.file.Path;

/**
 * A model file or its descriptor is missing, unreadable or does not keep the input and output contract.
 * Thrown at start-up, it stops the application: a model that is not loaded is never reported ready.
 */
public class ModelFileException extends RuntimeException {

	public ModelFileException(Path file, String problem) {
		this(file, problem, null);
	}

	public ModelFileException(Path file, String problem, Throwable cause) {
		super("Model file " + file.toAbsolutePath() + ": " + problem, cause);
	}

}
