package org.fashionmnist.server.inference;

/**
 * Input that cannot be classified: not an image, a damaged one, values out of range, wrong shapes. The
 * message is written for the person who sent it and says what was expected and what was found.
 */
public class InvalidInputException extends RuntimeException {

	public InvalidInputException(String message) {
		super(message);
	}

	public InvalidInputException(String message, Throwable cause) {
		super(message, cause);
	}

}
