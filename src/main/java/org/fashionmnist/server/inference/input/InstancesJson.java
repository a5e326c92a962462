package org.fashionmnist.server.inference.input;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.json.JsonMapper;

import org.fashionmnist.server.inference.InputTooLargeException;
import org.fashionmnist.server.inference.Instances;
import org.fashionmnist.server.inference.InvalidInputException;

/**
 * Reads {@code {"instances": [...]}}, each instance 28 rows of 28 numbers or 784 numbers (the two may be
 * mixed), each read by {@link JsonTensorReader} straight into one float array.
 */
public final class InstancesJson {

	private static final String SHAPES = "28 rows of 28 numbers, or 784 numbers";

	private final int maxInstances;

	private final TensorValues pixels;

	private int count;

	private InstancesJson(int maxInstances) {
		this.maxInstances = maxInstances;
		this.pixels = new TensorValues(maxInstances * Instances.PIXELS, () -> new InputTooLargeException("The body holds more "
				+ "values than the " + maxInstances + " images one request may hold; split it into several requests."));
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
		return new Instances(reader.pixels.array(), reader.count);
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
				throw tooMany(this.maxInstances);
			}
			instance(parser);
		}
	}

	private void instance(JsonParser parser) {
		String which = "instance " + this.count + " (0-based)";
		if (parser.currentToken() != JsonToken.START_ARRAY) {
			throw invalid(which + " must be a list: " + SHAPES);
		}
		int[] nesting = JsonTensorReader.read(parser, which, this.pixels, InstancesJson::invalid);
		String wrong = (nesting.length == 1) ? (nesting[0] != Instances.PIXELS ? "has " + nesting[0] + " values" : null)
				: (nesting.length == 2) ? ((nesting[1] != Instances.SIDE) ? "row 0 has " + nesting[1] + " values"
						: (nesting[0] != Instances.SIDE) ? "has " + nesting[0] + " rows" : null)
						: "is nested " + nesting.length + " lists deep";
		if (wrong != null) {
			throw invalid(which + " " + wrong + "; expected " + SHAPES);
		}
		this.count++;
	}

	private static InputTooLargeException tooMany(int maxInstances) {
		return new InputTooLargeException("The body holds more than " + maxInstances
				+ " instances, the most one request may hold; split it into several requests.");
	}

	private static InvalidInputException invalid(String message) {
		return new InvalidInputException("The JSON body is not as expected: " + message + ".");
	}

}
