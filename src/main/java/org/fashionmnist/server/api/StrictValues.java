package org.fashionmnist.server.api;

import java.beans.PropertyEditorSupport;
import java.util.function.Function;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

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
class StrictValues {

	private static final Pattern DECIMAL = Pattern.compile("[+-]?[0-9]+");

	@InitBinder
	void strictValues(WebDataBinder binder) {
		binder.registerCustomEditor(int.class, new Editor(StrictValues::parseInt, false));
		binder.registerCustomEditor(Integer.class, new Editor(StrictValues::parseInt, true));
		binder.registerCustomEditor(long.class, new Editor(StrictValues::parseLong, false));
		binder.registerCustomEditor(Long.class, new Editor(StrictValues::parseLong, true));
		binder.registerCustomEditor(boolean.class, new Editor(StrictValues::parseBoolean, false));
		binder.registerCustomEditor(Boolean.class, new Editor(StrictValues::parseBoolean, true));
	}

	static void registerConverters(FormatterRegistry registry) {
		registry.addConverter(String.class, Integer.class, (Converter<String, Integer>) StrictValues::parseInt);
		registry.addConverter(String.class, Long.class, (Converter<String, Long>) StrictValues::parseLong);
		registry.addConverter(String.class, Boolean.class, (Converter<String, Boolean>) StrictValues::parseBoolean);
	}

	/** Whether {@code text} is a decimal integer as this API writes one: ASCII digits after an optional sign. */
	static boolean isDecimal(String text) {
		return DECIMAL.matcher(text).matches();
	}

	/** {@code true} or {@code false} in any case, or null for a blank value. */
	static @Nullable Boolean parseBoolean(String text) {
		String trimmed = text.strip(); // whitespace only: trim() would also drop control characters such as NUL
		if (trimmed.isEmpty()) {
			return null;
		}
		if (trimmed.equalsIgnoreCase("true") || trimmed.equalsIgnoreCase("false")) {
			return Boolean.valueOf(trimmed);
		}
		throw new IllegalArgumentException("Not true or false: '" + text + "'");
	}

	/** The number, or null for a blank value; only ASCII digits ({@code Integer.parseInt} takes any script's). */
	static @Nullable Integer parseInt(String text) {
		String digits = digits(text);
		return (digits != null) ? Integer.valueOf(digits) : null;
	}

	static @Nullable Long parseLong(String text) {
		String digits = digits(text);
		return (digits != null) ? Long.valueOf(digits) : null;
	}

	private static @Nullable String digits(String text) {
		String trimmed = text.strip(); // whitespace only: trim() would also drop control characters such as NUL
		if (trimmed.isEmpty()) {
			return null;
		}
		if (!isDecimal(trimmed)) {
			throw new NumberFormatException("Not a decimal number: '" + text + "'");
		}
		return trimmed;
	}

	private static final class Editor extends PropertyEditorSupport {

		private final Function<String, @Nullable Object> parser;

		private final boolean allowEmpty;

		Editor(Function<String, @Nullable Object> parser, boolean allowEmpty) {
			this.parser = parser;
			this.allowEmpty = allowEmpty;
		}

		@Override
		public void setAsText(String text) {
			Object value = this.parser.apply(text);
			if (value == null && !this.allowEmpty) {
				throw new IllegalArgumentException("An empty value is not a value");
			}
			setValue(value);
		}

		@Override
		public String getAsText() {
			return (getValue() != null) ? getValue().toString() : "";
		}

	}

}
