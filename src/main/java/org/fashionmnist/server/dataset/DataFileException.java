package org.fashionmnist.server.dataset;

import java.nio.file.Path;

/**
 * A data file is missing, unreadable, corrupt or not the file that was pinned. Thrown at start-up, it
 * stops the application: nothing half-loaded is ever served.
 */
public class DataFileException extends RuntimeException {

	private final transient Path file;

	public DataFileException(Path file, String problem) {
		this(file, problem, null);
	}

	public DataFileException(Path file, String problem, Throwable cause) {
		super("Data file " + file.toAbsolutePath() + ": " + problem, cause);
		this.file = file;
	}

	public Path file() {
		return this.file;
	}

}
