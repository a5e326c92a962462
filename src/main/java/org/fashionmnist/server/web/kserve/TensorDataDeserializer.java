package org.fashionmnist.server.web.kserve;

import java.util.Arrays;

import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;

import org.fashionmnist.server.inference.input.JsonTensorReader;
import org.fashionmnist.server.inference.input.TensorData;
import org.fashionmnist.server.inference.input.TensorValues;

/**
 * Binds an input's {@code data} with {@link JsonTensorReader}, straight into the request's
 * {@link TensorValues} (an attribute of the read), so that all inputs together stay within the limit.
 */
class TensorDataDeserializer extends ValueDeserializer<TensorData> {

	@Override
	public TensorData deserialize(JsonParser parser, DeserializationContext context) {
		TensorValues values = (TensorValues) context.getAttribute(TensorValues.class);
		int start = values.count();
		String where = "\"" + InferenceRequestJson.path(parser.streamReadContext().pathAsPointer()) + "\"";
		int[] nesting = JsonTensorReader.read(parser, where, values, InferenceRequestJson::invalid);
		return new TensorData(Arrays.copyOfRange(values.array(), start, values.count()), values.count() - start, nesting);
	}

}
