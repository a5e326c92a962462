package org.fashionmnist.server.inference;

/** Input over a configured size limit: too many bytes, images or pixels. */
public class InputTooLargeException extends InvalidInputException {

	public InputTooLargeException(String message) {
		super(message);
	}

}
