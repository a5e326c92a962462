package org.fashionmnist.server.dataset;

/**
 * A data file is missing, unreadable, corrupt or not the file that was pinned. Thrown at start-up, it
 * stops the application: nothing half-loaded is ever served.
 */
public class DataFileException extends RuntimeException {

	private final transient FileLocation file;

	public DataFileException(FileLocation file, String problem) {
		this(file, problem, null);
	}

	public DataFileException(FileLocation file, String problem, Throwable cause) {
		super("Data file " + file + ": " + problem, cause);
		this.file = file;
	}

	public FileLocation file() {
		return this.file;
	}

}
