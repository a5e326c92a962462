package org.fashionmnist.server.inference.input;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonToken;

/** Names JSON values for error messages, so that every JSON reader of this API words them alike. */
public final class JsonTokens {

	private JsonTokens() {
	}

	/** What the value that starts with {@code token} is, such as "a string"; "nothing" at the end of input. */
	public static String describe(@Nullable JsonToken token) {
		if (token == null) {
			return "nothing";
		}
		return switch (token) {
			case VALUE_STRING -> "a string";
			case VALUE_NULL -> "null";
			case VALUE_TRUE, VALUE_FALSE -> "a boolean";
			case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
			case START_ARRAY -> "a list";
			case START_OBJECT -> "an object";
			default -> token.asString();
		};
	}

}
