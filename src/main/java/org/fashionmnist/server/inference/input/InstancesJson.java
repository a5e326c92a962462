package org.fashionmnist.server.inference.input;

import java.util.Arrays;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.json.JsonMapper;

import org.fashionmnist.server.inference.InputTooLargeException;
import org.fashionmnist.server.inference.Instances;
import org.fashionmnist.server.inference.InvalidInputException;

/**
 * Reads {@code {"instances": [...]}}, each instance 28 rows of 28 numbers or 784 numbers, straight from
 * the parser's tokens into one float array (a tree of a million number nodes would need far more memory).
 */
public final class InstancesJson {

	private static final int SIDE = Instances.SIDE;

	private static final String SHAPES = "28 rows of 28 numbers, or 784 numbers";

	private final int maxInstances;

	private float[] pixels = new float[16 * Instances.PIXELS];

	private int count;

	private InstancesJson(int maxInstances) {
		this.maxInstances = maxInstances;
	}

	public static Instances read(JsonMapper json, byte[] body, int maxInstances) {
		InstancesJson reader = new InstancesJson(maxInstances);
		try (JsonParser parser = json.createParser(body)) {
			reader.document(parser);
		}
		catch (JacksonException ex) {
			TokenStreamLocation at = ex.getLocation();
			throw new InvalidInputException("The body is not valid JSON"
					+ ((at != null) ? " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")" : "") + ".", ex);
		}
		return new Instances(reader.pixels, reader.count);
	}

	private void document(JsonParser parser) {
		if (parser.nextToken() != JsonToken.START_OBJECT) {
			throw invalid("expected an object {\"instances\": [...]}");
		}
		boolean found = false;
		for (JsonToken token = parser.nextToken(); token == JsonToken.PROPERTY_NAME; token = parser.nextToken()) {
			if (!"instances".equals(parser.currentName())) {
				throw invalid("expected only the field \"instances\", found \"" + parser.currentName() + "\"");
			}
			instances(parser);
			found = true;
		}
		if (!found) {
			throw invalid("expected the field \"instances\" with a list of images");
		}
		if (parser.nextToken() != null) {
			throw invalid("expected the end of the body after the object");
		}
	}

	private void instances(JsonParser parser) {
		if (parser.nextToken() != JsonToken.START_ARRAY) {
			throw invalid("expected \"instances\" to be a list of images");
		}
		while (parser.nextToken() != JsonToken.END_ARRAY) {
			if (this.count == this.maxInstances) {
				throw new InputTooLargeException("The body holds more than " + this.maxInstances
						+ " instances, the most one request may hold; split it into several requests.");
			}
			instance(parser);
		}
	}

	private void instance(JsonParser parser) {
		String which = "instance " + this.count + " (0-based)";
		if (parser.currentToken() != JsonToken.START_ARRAY) {
			throw invalid(which + " must be a list: " + SHAPES);
		}
		ensureRoom();
		int base = this.count * Instances.PIXELS;
		JsonToken token = parser.nextToken();
		if (token == JsonToken.START_ARRAY) {
			int row = 0;
			for (; token == JsonToken.START_ARRAY; token = parser.nextToken(), row++) {
				if (row == SIDE) {
					throw invalid(which + " has more than 28 rows; expected " + SHAPES);
				}
				int columns = numbers(parser, base + row * SIDE, SIDE, which + " row " + row);
				if (columns != SIDE) {
					throw invalid(which + " row " + row + " has " + columns + " values; expected " + SHAPES);
				}
			}
			if (token != JsonToken.END_ARRAY || row != SIDE) {
				throw invalid(which + " has " + row + " rows; expected " + SHAPES);
			}
		}
		else {
			int values = (token == JsonToken.END_ARRAY) ? 0 : 1 + numbersAfterFirst(parser, base, which);
			if (values != Instances.PIXELS) {
				throw invalid(which + " has " + values + " values; expected " + SHAPES);
			}
		}
		this.count++;
	}

	/** Reads numbers up to the end of the current list; the first one is the current token. */
	private int numbersAfterFirst(JsonParser parser, int at, String which) {
		this.pixels[at] = number(parser, which);
		return numbers(parser, at + 1, Instances.PIXELS - 1, which);
	}

	/** Reads the numbers of a list whose start was just read, at most {@code max} into the pixels. */
	private int numbers(JsonParser parser, int at, int max, String which) {
		int n = 0;
		for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
			float value = number(parser, which);
			if (n < max) {
				this.pixels[at + n] = value;
			}
			n++;
			if (n > Instances.PIXELS) {
				throw invalid(which + " has more than 784 values; expected " + SHAPES);
			}
		}
		return n;
	}

	private static float number(JsonParser parser, String which) {
		JsonToken token = parser.currentToken();
		if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT) {
			throw invalid(which + " holds " + JsonTokens.describe(token) + "; pixel values must be numbers from 0 to 255");
		}
		return (float) parser.getDoubleValue();
	}

	private void ensureRoom() {
		int needed = (this.count + 1) * Instances.PIXELS;
		if (needed > this.pixels.length) {
			this.pixels = Arrays.copyOf(this.pixels, Math.max(needed, this.pixels.length * 2));
		}
	}

	private static InvalidInputException invalid(String message) {
		return new InvalidInputException("The JSON body is not as expected: " + message + ".");
	}

}
