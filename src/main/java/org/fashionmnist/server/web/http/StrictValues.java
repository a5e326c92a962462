package org.fashionmnist.server.web.http;

import java.beans.PropertyEditorSupport;
import java.util.function.Function;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.fashionmnist.server.web.problem.InvalidValueException;

import org.springframework.core.convert.converter.Converter;
import org.springframework.format.FormatterRegistry;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.InitBinder;

/**
 * Parameters and path segments are read in the one form the API documents. Spring alone reads
 * {@code 0x10} and {@code #10} as 16 and {@code yes}, {@code on} or {@code 1} as true, so
 * {@code items/0x10} would be item 16: one resource under many URLs, and a typo answered instead of
 * reported. Here integers are decimal (digits of other scripts, such as {@code ５}, are not) and
 * booleans are {@code true} or {@code false} in any case; anything else is a 400. Surrounding
 * whitespace and a number's leading {@code +} or zeros are accepted, as Spring does.
 * <p>
 * Spring binds a single value with a property editor, falling back to its lenient default editor when
 * a conversion fails, and converts the elements of a list with its conversion service: so both are
 * registered, the editors for every request's binder, the converters once.
 */
@ControllerAdvice
public class StrictValues {

	private static final Pattern DECIMAL = Pattern.compile("[+-]?[0-9]+");

	private static final String DECIMAL_INTEGER = "a decimal integer";

	private static final String BOOLEAN = "true or false";

	@InitBinder
	public void strictValues(WebDataBinder binder) {
		binder.registerCustomEditor(int.class, new Editor(StrictValues::parseInt, DECIMAL_INTEGER));
		binder.registerCustomEditor(Integer.class, new Editor(StrictValues::parseInt, null));
		binder.registerCustomEditor(long.class, new Editor(StrictValues::parseLong, DECIMAL_INTEGER));
		binder.registerCustomEditor(Long.class, new Editor(StrictValues::parseLong, null));
		binder.registerCustomEditor(boolean.class, new Editor(StrictValues::parseBoolean, BOOLEAN));
		binder.registerCustomEditor(Boolean.class, new Editor(StrictValues::parseBoolean, null));
	}

	public static void registerConverters(FormatterRegistry registry) {
		registry.addConverter(String.class, Integer.class, (Converter<String, Integer>) StrictValues::parseInt);
		registry.addConverter(String.class, Long.class, (Converter<String, Long>) StrictValues::parseLong);
		registry.addConverter(String.class, Boolean.class, (Converter<String, Boolean>) StrictValues::parseBoolean);
	}

	/** Whether {@code text} is a decimal integer as this API writes one: ASCII digits after an optional sign. */
	private static boolean isDecimal(String text) {
		return DECIMAL.matcher(text).matches();
	}

	/** {@code true} or {@code false} in any case, or null for a blank value. */
	public static @Nullable Boolean parseBoolean(String text) {
		String trimmed = text.strip(); // whitespace only: trim() would also drop control characters such as NUL
		if (trimmed.isEmpty()) {
			return null;
		}
		if (trimmed.equalsIgnoreCase("true") || trimmed.equalsIgnoreCase("false")) {
			return Boolean.valueOf(trimmed);
		}
		throw new InvalidValueException(BOOLEAN);
	}

	/** The number, or null for a blank value; only ASCII digits ({@code Integer.parseInt} takes any script's). */
	public static @Nullable Integer parseInt(String text) {
		String digits = digits(text);
		try {
			return (digits != null) ? Integer.valueOf(digits) : null;
		}
		catch (NumberFormatException ex) {
			throw outOfRange(digits, Integer.MIN_VALUE, Integer.MAX_VALUE);
		}
	}

	public static @Nullable Long parseLong(String text) {
		String digits = digits(text);
		try {
			return (digits != null) ? Long.valueOf(digits) : null;
		}
		catch (NumberFormatException ex) {
			throw outOfRange(digits, Long.MIN_VALUE, Long.MAX_VALUE);
		}
	}

	/** Decimal digits that overflow the type: its own range is what the value must be within. */
	private static InvalidValueException outOfRange(String digits, long min, long max) {
		return new InvalidValueException(digits.startsWith("-") ? "at least " + min : "at most " + max);
	}

	private static @Nullable String digits(String text) {
		String trimmed = text.strip(); // whitespace only: trim() would also drop control characters such as NUL
		if (trimmed.isEmpty()) {
			return null;
		}
		if (!isDecimal(trimmed)) {
			throw new InvalidValueException(DECIMAL_INTEGER);
		}
		return trimmed;
	}

	private static final class Editor extends PropertyEditorSupport {

		private final Function<String, @Nullable Object> parser;

		/** What a value must be, when a blank one is not taken (a primitive's); null when it is. */
		private final @Nullable String required;

		Editor(Function<String, @Nullable Object> parser, @Nullable String required) {
			this.parser = parser;
			this.required = required;
		}

		@Override
		public void setAsText(String text) {
			Object value = this.parser.apply(text);
			if (value == null && this.required != null) {
				throw new InvalidValueException(this.required);
			}
			setValue(value);
		}

		@Override
		public String getAsText() {
			return (getValue() != null) ? getValue().toString() : "";
		}

	}

}
