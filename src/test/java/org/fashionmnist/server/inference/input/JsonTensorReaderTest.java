package org.fashionmnist.server.inference.input;

import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.json.JsonMapper;

import org.fashionmnist.server.inference.InputTooLargeException;
import org.fashionmnist.server.inference.InvalidInputException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The one reader of JSON tensors: values straight into one array, nesting reported, irregular lists refused. */
class JsonTensorReaderTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Test
	void aFlatListIsOneLevel() {
		TensorValues values = new TensorValues(100, IllegalStateException::new);

		assertThat(read("[1, 2.5, 3]", values)).containsExactly(3);
		assertThat(Arrays.copyOf(values.array(), values.count())).containsExactly(1f, 2.5f, 3f);
	}

	@Test
	void nestedListsSayTheirShapeAndAppendInRowMajorOrder() {
		TensorValues values = new TensorValues(100, IllegalStateException::new);

		assertThat(read("[[[1, 2, 3], [4, 5, 6]]]", values)).containsExactly(1, 2, 3);
		assertThat(read("[7, 8]", values)).as("a second tensor appends").containsExactly(2);
		assertThat(Arrays.copyOf(values.array(), values.count())).containsExactly(1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f);
	}

	@Test
	void anEmptyListHoldsNothing() {
		assertThat(read("[]", new TensorValues(10, IllegalStateException::new))).containsExactly(0);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "[[1, 2], [3]]|\"t\" is ragged: its lists at level 1 hold 2 and 1 elements",
			"[1, [2]]|\"t\" mixes numbers and lists at one level", "[[1], 2]|\"t\" mixes numbers and lists at one level",
			"[1, \"2\"]|\"t\" holds a string at element 1; tensor elements must be numbers",
			"[[[[[[[[[1]]]]]]]]]|\"t\" nests lists more than 8 deep", "{\"a\": 1}|\"t\" must be a list of numbers, found an object" })
	void irregularDataIsRefusedSayingWhere(String json, String message) {
		assertThatExceptionOfType(InvalidInputException.class).isThrownBy(() -> read(json, new TensorValues(100, IllegalStateException::new)))
			.withMessage("bad: " + message);
	}

	@Test
	void valuesPastTheLimitAreRefusedWithTheCallersException() {
		TensorValues values = new TensorValues(3, () -> new InputTooLargeException("too many"));

		assertThatExceptionOfType(InputTooLargeException.class).isThrownBy(() -> read("[1, 2, 3, 4]", values)).withMessage("too many");
	}

	private static int[] read(String json, TensorValues values) {
		try (JsonParser parser = JSON.createParser(json)) {
			parser.nextToken();
			return JsonTensorReader.read(parser, "\"t\"", values, (message) -> new InvalidInputException("bad: " + message));
		}
	}

}
