package org.fashionmnist.server.api;

import java.beans.PropertyEditorSupport;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.core.convert.converter.Converter;
import org.springframework.format.FormatterRegistry;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.InitBinder;

/**
 * Integer parameters and path segments are read as decimal numbers only. Spring also reads
 * {@code 0x10} and {@code #10} as 16, so {@code items/0x10} would be item 16: one resource under many
 * URLs, and a typo answered instead of reported. Here such a value is a 400 like any other
 * non-number, as are digits of other scripts ({@code ５}). Surrounding whitespace and a leading {@code +}
 * or zeros are accepted, as Spring does.
 * <p>
 * Spring binds a single value with a property editor, falling back to its lenient default editor when
 * a conversion fails, and converts the elements of a list with its conversion service: so both are
 * registered, the editors for every request's binder, the converters once.
 */
@ControllerAdvice
class DecimalNumbers {

	private static final Pattern DECIMAL = Pattern.compile("[+-]?[0-9]+");

	@InitBinder
	void decimalOnly(WebDataBinder binder) {
		binder.registerCustomEditor(int.class, new Editor(false, false));
		binder.registerCustomEditor(Integer.class, new Editor(false, true));
		binder.registerCustomEditor(long.class, new Editor(true, false));
		binder.registerCustomEditor(Long.class, new Editor(true, true));
	}

	static void registerConverters(FormatterRegistry registry) {
		registry.addConverter(String.class, Integer.class, (Converter<String, Integer>) (text) -> parseInt(text));
		registry.addConverter(String.class, Long.class, (Converter<String, Long>) (text) -> parseLong(text));
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
		String trimmed = text.trim();
		if (trimmed.isEmpty()) {
			return null;
		}
		if (!DECIMAL.matcher(trimmed).matches()) {
			throw new NumberFormatException("Not a decimal number: '" + text + "'");
		}
		return trimmed;
	}

	private static final class Editor extends PropertyEditorSupport {

		private final boolean wide;

		private final boolean allowEmpty;

		Editor(boolean wide, boolean allowEmpty) {
			this.wide = wide;
			this.allowEmpty = allowEmpty;
		}

		@Override
		public void setAsText(String text) {
			// Not a conditional expression: Long and Integer operands would be unboxed, and null with them.
			Number value;
			if (this.wide) {
				value = parseLong(text);
			}
			else {
				value = parseInt(text);
			}
			if (value == null && !this.allowEmpty) {
				throw new IllegalArgumentException("An empty value is not a number");
			}
			setValue(value);
		}

		@Override
		public String getAsText() {
			return (getValue() != null) ? getValue().toString() : "";
		}

	}

}
