package org.fashionmnist.server.web.kserve;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonPointer;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

import org.fashionmnist.server.inference.InputTooLargeException;
import org.fashionmnist.server.inference.InvalidInputException;
import org.fashionmnist.server.inference.input.JsonTokens;
import org.fashionmnist.server.inference.input.TensorValues;
import org.fashionmnist.server.web.kserve.InferenceBodies.RequestBody;
import org.fashionmnist.server.web.kserve.InferenceBodies.RequestInputBody;
import org.fashionmnist.server.web.kserve.InferenceBodies.RequestOutputBody;

/**
 * Binds the JSON object of an Open Inference Protocol request ({@code $inference_request}) onto
 * {@link RequestBody} with Jackson, tensor {@code data} streamed by {@link TensorDataDeserializer}, and words
 * what Jackson refuses in the protocol's terms, naming the field (such as {@code "inputs[0].shape"}). It
 * checks the form of the document only; {@link InferenceInputs} checks it against the model. Fields it does
 * not know (such as Triton's {@code model_name}) are skipped, as the protocol lets clients add their own;
 * values are not coerced (a number is not a string, {@code 1.5} not a dimension).
 */
final class InferenceRequestJson {

	private final JsonMapper json;

	private final ObjectReader reader;

	/** @param json the application's mapper, whose settings this one starts from */
	InferenceRequestJson(JsonMapper json) {
		// NaN and Infinity (Python's json.dumps writes them) are let through, to be refused as out-of-range pixels.
		this.json = json.rebuild()
			.enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
			.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, DeserializationFeature.ACCEPT_FLOAT_AS_INT,
					DeserializationFeature.WRAP_EXCEPTIONS)
			.withCoercionConfig(LogicalType.Textual, (strings) -> strings.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
				.setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
				.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
			.withCoercionConfig(LogicalType.Integer, (integers) -> integers.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
				.setCoercion(CoercionInputShape.Float, CoercionAction.Fail))
			.build();
		this.reader = this.json.readerFor(RequestBody.class);
	}

	/**
	 * Reads the JSON object at {@code body[offset .. offset+length)}.
	 * @param maxValues the most tensor values all inputs together may hold (413 above)
	 */
	RequestBody read(byte[] body, int offset, int length, int maxValues) {
		TensorValues values = new TensorValues(maxValues, () -> new InputTooLargeException("The inference request holds more than "
				+ maxValues + " tensor elements, more than the images one request may hold; split it into several requests."));
		try (JsonParser parser = this.json.createParser(body, offset, length)) {
			try {
				RequestBody request = this.reader.withAttribute(TensorValues.class, values).readValue(parser);
				if (parser.nextToken() != null) {
					throw invalid("expected nothing after the JSON object");
				}
				return checked(request);
			}
			catch (MismatchedInputException | InputCoercionException ex) {
				throw mismatch(parser, ex);
			}
		}
		catch (StreamReadException ex) {
			TokenStreamLocation at = ex.getLocation();
			throw new InvalidInputException("The inference request is not valid JSON"
					+ ((at != null) ? " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")" : "") + ".", ex);
		}
	}

	/** The required fields are there, and dimensions are not negative. */
	private static RequestBody checked(@Nullable RequestBody request) {
		if (request == null) {
			throw invalid("expected a JSON object {\"inputs\": [...]}");
		}
		if (request.inputs() == null) {
			throw invalid("expected the field \"inputs\", a list of input tensors");
		}
		for (int i = 0; i < request.inputs().size(); i++) {
			RequestInputBody input = present(request.inputs().get(i), "inputs[" + i + "]");
			required(input.name(), "inputs[" + i + "].name");
			required(input.datatype(), "inputs[" + i + "].datatype");
			for (long dimension : required(input.shape(), "inputs[" + i + "].shape")) {
				if (dimension < 0) {
					throw invalid("\"inputs[" + i + "].shape\" must be a list of integers from 0 up, found " + dimension);
				}
			}
		}
		List<RequestOutputBody> outputs = (request.outputs() != null) ? request.outputs() : List.of();
		for (int i = 0; i < outputs.size(); i++) {
			required(present(outputs.get(i), "outputs[" + i + "]").name(), "outputs[" + i + "].name");
		}
		return request;
	}

	private static <T> T present(@Nullable T element, String where) {
		if (element == null) {
			throw invalid("\"" + where + "\" must be an object, found null");
		}
		return element;
	}

	private static <T> T required(@Nullable T value, String where) {
		if (value == null) {
			throw invalid("\"" + where + "\" is required");
		}
		return value;
	}

	/** A value Jackson would not bind, named by where the parser stands and described by what it should be. */
	private static InvalidInputException mismatch(JsonParser parser, JacksonException ex) {
		String where = path(parser.streamReadContext().pathAsPointer());
		if (where.isEmpty()) {
			return invalid("expected a JSON object {\"inputs\": [...]}");
		}
		Class<?> target = (ex instanceof MismatchedInputException mismatch) ? mismatch.getTargetType()
				: ((InputCoercionException) ex).getTargetType();
		JsonToken token = parser.currentToken();
		if (target == long.class || target == Long.class) {
			// An element of a shape: named and described as the shape.
			String found = (token != null && token.isNumeric()) ? parser.getString() : JsonTokens.describe(token);
			return invalid("\"" + where.substring(0, where.lastIndexOf('[')) + "\" must be a list of integers from 0 up, found " + found);
		}
		return invalid("\"" + where + "\" must be " + expected(target) + ", found " + JsonTokens.describe(token));
	}

	private static String expected(@Nullable Class<?> target) {
		if (target == String.class) {
			return "a string";
		}
		if (target == long[].class) {
			return "a list of integers";
		}
		if (target != null && (Collection.class.isAssignableFrom(target) || target.isArray())) {
			return "a list of objects";
		}
		return (target != null && (Map.class.isAssignableFrom(target) || target.isRecord())) ? "an object" : "something else";
	}

	/** A JSON pointer as this API names fields in messages: {@code /inputs/0/data} is {@code inputs[0].data}. */
	static String path(JsonPointer pointer) {
		List<String> parts = new ArrayList<>();
		for (JsonPointer at = pointer; at != null && !at.matches(); at = at.tail()) {
			parts.add(at.mayMatchElement() ? "[" + at.getMatchingIndex() + "]" : (parts.isEmpty() ? "" : ".") + at.getMatchingProperty());
		}
		return String.join("", parts);
	}

	static InvalidInputException invalid(String message) {
		return new InvalidInputException("The inference request is not as expected: " + message + ".");
	}

}
