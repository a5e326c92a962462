package org.fashionmnist.server.inference;

import org.fashionmnist.server.dataset.FileLocation;

/**
 * A model file or its descriptor is missing, unreadable or does not keep the input and output contract.
 * Thrown at start-up, it stops the application: a model that is not loaded is never reported ready.
 */
public class ModelFileException extends RuntimeException {

	public ModelFileException(FileLocation file, String problem) {
		this(file, problem, null);
	}

	public ModelFileException(FileLocation file, String problem, Throwable cause) {
		super("Model file " + file + ": " + problem, cause);
	}

}
