package org.fashionmnist.server.web.problem;

/**
 * A parameter's value that is not one of the values it takes, thrown by the converter that read it and
 * saying what the value must be ("a decimal integer", "at most 2147483647"), which {@link ProblemHandler}
 * puts into the problem: the converter knows its rules, the handler only words the answer.
 */
public class InvalidValueException extends IllegalArgumentException {

	private final String expected;

	/** @param expected what the value must be, such as "a decimal integer" */
	public InvalidValueException(String expected) {
		super("Not " + expected);
		this.expected = expected;
	}

	public String expected() {
		return this.expected;
	}

}
