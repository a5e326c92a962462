package org.fashionmnist.server.web.kserve;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.json.JsonMapper;

import org.fashionmnist.server.inference.InputTooLargeException;
import org.fashionmnist.server.inference.InvalidInputException;
import org.fashionmnist.server.inference.input.JsonTokens;

/**
 * Reads the JSON object of an Open Inference Protocol request ({@code $inference_request}) from the
 * parser's tokens, tensor data straight into a float array: a tree of a million number nodes would need
 * far more memory. It checks the form of the document only; {@link InferenceInputs} checks it against
 * the model. Fields it does not know (such as Triton's {@code model_name}) are skipped, as the protocol
 * lets clients and servers add their own.
 */
final class InferenceRequestJson {

	/** Deeper nesting than any tensor of this server has is a mistake, not data. */
	private static final int MAX_DEPTH = 8;

	private final int maxValues;

	/** The values of all inputs read so far. */
	private int values;

	private InferenceRequestJson(int maxValues) {
		this.maxValues = maxValues;
	}

	/** The request: its optional id and parameters, its inputs, and the outputs it asks for (null: all). */
	record Header(@Nullable String id, Map<String, Object> parameters, List<RequestInput> inputs,
			@Nullable List<RequestOutput> outputs) {
	}

	/** One input; {@code data} is null when it comes as binary data after the JSON object. */
	record RequestInput(String name, long[] shape, String datatype, Map<String, Object> parameters,
			@Nullable TensorData data) {
	}

	record RequestOutput(String name, Map<String, Object> parameters) {
	}

	/**
	 * JSON tensor data in row-major order: {@code count} values and the length of the lists at each level
	 * of nesting ({@code [784]} for a flat list, {@code [2, 1, 28, 28]} for two nested images).
	 */
	record TensorData(float[] values, int count, int[] nesting) {
	}

	/**
	 * A mapper for reading requests: like the application's, but it lets {@code NaN} and {@code Infinity}
	 * through (Python's {@code json.dumps} writes them), so that they are refused as out-of-range pixel
	 * values rather than as broken JSON.
	 */
	static JsonMapper mapper(JsonMapper json) {
		return json.rebuild().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();
	}

	/**
	 * Reads the JSON object at {@code body[offset .. offset+length)}.
	 * @param maxValues the most tensor values all inputs together may hold (413 above)
	 */
	static Header read(JsonMapper json, byte[] body, int offset, int length, int maxValues) {
		try (JsonParser parser = json.createParser(body, offset, length)) {
			return new InferenceRequestJson(maxValues).document(parser);
		}
		catch (JacksonException ex) {
			TokenStreamLocation at = ex.getLocation();
			throw new InvalidInputException("The inference request is not valid JSON"
					+ ((at != null) ? " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")" : "") + ".", ex);
		}
	}

	private Header document(JsonParser parser) {
		if (parser.nextToken() != JsonToken.START_OBJECT) {
			throw invalid("expected a JSON object {\"inputs\": [...]}");
		}
		String id = null;
		Map<String, Object> parameters = Map.of();
		List<RequestInput> inputs = null;
		List<RequestOutput> outputs = null;
		for (JsonToken token = parser.nextToken(); token == JsonToken.PROPERTY_NAME; token = parser.nextToken()) {
			String name = parser.currentName();
			parser.nextToken();
			switch (name) {
				case "id" -> id = string(parser, "id");
				case "parameters" -> parameters = parameters(parser, "parameters");
				case "inputs" -> inputs = list(parser, "inputs", this::input);
				case "outputs" -> outputs = list(parser, "outputs", this::output);
				default -> parser.skipChildren();
			}
		}
		if (parser.nextToken() != null) {
			throw invalid("expected nothing after the JSON object");
		}
		if (inputs == null) {
			throw invalid("expected the field \"inputs\", a list of input tensors");
		}
		return new Header(id, parameters, inputs, outputs);
	}

	private RequestInput input(JsonParser parser, String where) {
		String name = null;
		long[] shape = null;
		String datatype = null;
		Map<String, Object> parameters = Map.of();
		TensorData data = null;
		for (JsonToken token = parser.nextToken(); token == JsonToken.PROPERTY_NAME; token = parser.nextToken()) {
			String field = parser.currentName();
			parser.nextToken();
			switch (field) {
				case "name" -> name = string(parser, where + ".name");
				case "shape" -> shape = shape(parser, where + ".shape");
				case "datatype" -> datatype = string(parser, where + ".datatype");
				case "parameters" -> parameters = parameters(parser, where + ".parameters");
				case "data" -> data = new DataReader(parser, where + ".data").read();
				default -> parser.skipChildren();
			}
		}
		return new RequestInput(required(name, where + ".name"), required(shape, where + ".shape"),
				required(datatype, where + ".datatype"), parameters, data);
	}

	private RequestOutput output(JsonParser parser, String where) {
		String name = null;
		Map<String, Object> parameters = Map.of();
		for (JsonToken token = parser.nextToken(); token == JsonToken.PROPERTY_NAME; token = parser.nextToken()) {
			String field = parser.currentName();
			parser.nextToken();
			switch (field) {
				case "name" -> name = string(parser, where + ".name");
				case "parameters" -> parameters = parameters(parser, where + ".parameters");
				default -> parser.skipChildren();
			}
		}
		return new RequestOutput(required(name, where + ".name"), parameters);
	}

	/** A list of objects, each read by {@code element} from its start token on. */
	private static <T> List<T> list(JsonParser parser, String where, Element<T> element) {
		if (parser.currentToken() != JsonToken.START_ARRAY) {
			throw invalid("\"" + where + "\" must be a list of objects, found " + JsonTokens.describe(parser.currentToken()));
		}
		List<T> list = new ArrayList<>();
		for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
			String at = where + "[" + list.size() + "]";
			if (token != JsonToken.START_OBJECT) {
				throw invalid("\"" + at + "\" must be an object, found " + JsonTokens.describe(token));
			}
			list.add(element.read(parser, at));
		}
		return list;
	}

	private static long[] shape(JsonParser parser, String where) {
		if (parser.currentToken() != JsonToken.START_ARRAY) {
			throw invalid("\"" + where + "\" must be a list of integers, found " + JsonTokens.describe(parser.currentToken()));
		}
		long[] shape = new long[MAX_DEPTH];
		int rank = 0;
		for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
			if (token != JsonToken.VALUE_NUMBER_INT || parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
					|| parser.getLongValue() < 0) {
				throw invalid("\"" + where + "\" must be a list of integers from 0 up, found "
						+ (token.isNumeric() ? String.valueOf(parser.getNumberValue()) : JsonTokens.describe(token)));
			}
			if (rank == MAX_DEPTH) {
				throw invalid("\"" + where + "\" has more than " + MAX_DEPTH + " dimensions");
			}
			shape[rank++] = parser.getLongValue();
		}
		return Arrays.copyOf(shape, rank);
	}

	/**
	 * Parameters: names with a string, number or boolean each. Other values are kept as an empty list or
	 * object, so that a parameter this server does not use cannot fail the request.
	 */
	private static Map<String, Object> parameters(JsonParser parser, String where) {
		if (parser.currentToken() != JsonToken.START_OBJECT) {
			throw invalid("\"" + where + "\" must be an object, found " + JsonTokens.describe(parser.currentToken()));
		}
		Map<String, Object> parameters = new LinkedHashMap<>();
		for (JsonToken token = parser.nextToken(); token == JsonToken.PROPERTY_NAME; token = parser.nextToken()) {
			String name = parser.currentName();
			JsonToken value = parser.nextToken();
			switch (value) {
				case VALUE_STRING -> parameters.put(name, parser.getString());
				case VALUE_TRUE, VALUE_FALSE -> parameters.put(name, value == JsonToken.VALUE_TRUE);
				case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> parameters.put(name, parser.getNumberValue());
				case START_ARRAY -> parameters.put(name, skipped(parser, List.of()));
				case START_OBJECT -> parameters.put(name, skipped(parser, Map.of()));
				default -> {
					// null: as if not given
				}
			}
		}
		return parameters;
	}

	private static Object skipped(JsonParser parser, Object placeholder) {
		parser.skipChildren();
		return placeholder;
	}

	private static String string(JsonParser parser, String where) {
		if (parser.currentToken() != JsonToken.VALUE_STRING) {
			throw invalid("\"" + where + "\" must be a string, found " + JsonTokens.describe(parser.currentToken()));
		}
		return parser.getString();
	}

	private static <T> T required(@Nullable T value, String where) {
		if (value == null) {
			throw invalid("\"" + where + "\" is required");
		}
		return value;
	}

	static InvalidInputException invalid(String message) {
		return new InvalidInputException("The inference request is not as expected: " + message + ".");
	}

	@FunctionalInterface
	private interface Element<T> {

		T read(JsonParser parser, String where);

	}

	/**
	 * Reads one tensor's {@code data}: a flat list of numbers, or nested lists that are regular (the lists
	 * at one level are all as long, and only the innermost hold numbers).
	 */
	private final class DataReader {

		private final JsonParser parser;

		private final String where;

		private final int[] nesting = new int[MAX_DEPTH];

		private int depth;

		private float[] values = new float[4096];

		private int count;

		DataReader(JsonParser parser, String where) {
			this.parser = parser;
			this.where = where;
		}

		TensorData read() {
			if (this.parser.currentToken() != JsonToken.START_ARRAY) {
				throw invalid("\"" + this.where + "\" must be a list of numbers, found "
						+ JsonTokens.describe(this.parser.currentToken()));
			}
			Arrays.fill(this.nesting, -1);
			list(0);
			return new TensorData(this.values, this.count, Arrays.copyOf(this.nesting, this.depth));
		}

		/** Reads a list at {@code level} (0 is the outermost) whose start was just read. */
		private void list(int level) {
			if (level == MAX_DEPTH) {
				throw invalid("\"" + this.where + "\" nests lists more than " + MAX_DEPTH + " deep");
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
				throw invalid("\"" + this.where + "\" is ragged: its lists at level " + level + " hold "
						+ this.nesting[level] + " and " + length + " elements");
			}
		}

		/** Numbers only at one level, the innermost, and lists only above it. */
		private void leafOrList(int level, boolean number) {
			if (this.depth == 0 && number) {
				this.depth = level;
			}
			boolean fits = (this.depth == 0) || (number ? level == this.depth : level < this.depth);
			if (!fits) {
				throw invalid("\"" + this.where + "\" mixes numbers and lists at one level");
			}
		}

		private void add(JsonToken token) {
			if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT) {
				throw invalid("\"" + this.where + "\" holds " + JsonTokens.describe(token) + " at element " + this.count
						+ "; tensor elements must be numbers");
			}
			if (InferenceRequestJson.this.values++ == InferenceRequestJson.this.maxValues) {
				throw new InputTooLargeException("The inference request holds more than "
						+ InferenceRequestJson.this.maxValues + " tensor elements, more than the images one request "
						+ "may hold; split it into several requests.");
			}
			if (this.count == this.values.length) {
				this.values = Arrays.copyOf(this.values, this.values.length * 2);
			}
			this.values[this.count++] = (float) this.parser.getDoubleValue();
		}

	}

}
