package org.fashionmnist.server.inference.input;

import java.util.Arrays;
import java.util.function.Function;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

import org.fashionmnist.server.inference.InvalidInputException;

/**
 * Reads one tensor written as JSON numbers, a flat list or nested lists, straight from the parser's tokens
 * into {@link TensorValues} (a tree of a million number nodes would need far more memory), and says how it
 * was nested. Nested lists must be regular: the lists at one level are all as long, and only the innermost
 * hold numbers. Both prediction protocols read their tensors with it: the Open Inference Protocol's input
 * {@code data}, and each of the v1 endpoint's {@code instances}.
 */
public final class JsonTensorReader {

	/** Deeper nesting than any tensor of this server has is a mistake, not data. */
	private static final int MAX_DEPTH = 8;

	private final JsonParser parser;

	private final String where;

	private final TensorValues values;

	private final Function<String, InvalidInputException> invalid;

	private final int[] nesting = new int[MAX_DEPTH];

	private final int start;

	private int depth;

	private JsonTensorReader(JsonParser parser, String where, TensorValues values, Function<String, InvalidInputException> invalid) {
		this.parser = parser;
		this.where = where;
		this.values = values;
		this.invalid = invalid;
		this.start = values.count();
	}

	/**
	 * Reads the list at the parser's current token to its end, appending its numbers to {@code values}.
	 * @param where how error messages name the tensor, such as {@code "inputs[0].data"}
	 * @param invalid the exception for a message saying what is wrong
	 * @return the length of the lists at each level of nesting: {@code [784]} for a flat list,
	 * {@code [2, 1, 28, 28]} for two nested images
	 */
	public static int[] read(JsonParser parser, String where, TensorValues values, Function<String, InvalidInputException> invalid) {
		JsonTensorReader reader = new JsonTensorReader(parser, where, values, invalid);
		if (parser.currentToken() != JsonToken.START_ARRAY) {
			throw invalid.apply(where + " must be a list of numbers, found " + JsonTokens.describe(parser.currentToken()));
		}
		Arrays.fill(reader.nesting, -1);
		reader.list(0);
		int levels = (reader.depth > 0) ? reader.depth : (int) Arrays.stream(reader.nesting).filter((length) -> length >= 0).count();
		return Arrays.copyOf(reader.nesting, levels);
	}

	/** Reads a list at {@code level} (0 is the outermost) whose start was just read. */
	private void list(int level) {
		if (level == MAX_DEPTH) {
			throw this.invalid.apply(this.where + " nests lists more than " + MAX_DEPTH + " deep");
		}
		int length = 0;
		for (JsonToken token = this.parser.nextToken(); token != JsonToken.END_ARRAY; token = this.parser.nextToken()) {
			if (token == JsonToken.START_ARRAY) {
				leafOrList(level + 1, false);
				list(level + 1);
			}
			else {
				leafOrList(level + 1, true);
				add(token);
			}
			length++;
		}
		if (this.nesting[level] == -1) {
			this.nesting[level] = length;
		}
		else if (this.nesting[level] != length) {
			throw this.invalid.apply(this.where + " is ragged: its lists at level " + level + " hold " + this.nesting[level] + " and "
					+ length + " elements");
		}
	}

	/** Numbers only at one level, the innermost, and lists only above it. */
	private void leafOrList(int level, boolean number) {
		if (this.depth == 0 && number) {
			this.depth = level;
		}
		boolean fits = (this.depth == 0) || (number ? level == this.depth : level < this.depth);
		if (!fits) {
			throw this.invalid.apply(this.where + " mixes numbers and lists at one level");
		}
	}

	private void add(JsonToken token) {
		if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT) {
			throw this.invalid.apply(this.where + " holds " + JsonTokens.describe(token) + " at element "
					+ (this.values.count() - this.start) + "; tensor elements must be numbers");
		}
		this.values.add((float) this.parser.getDoubleValue());
	}

}
