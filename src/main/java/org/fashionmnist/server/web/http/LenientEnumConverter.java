package org.fashionmnist.server.web.http;

import java.util.Arrays;
import java.util.Locale;

import org.fashionmnist.server.web.problem.InvalidValueException;

import org.springframework.core.convert.converter.Converter;

/**
 * Reads a query parameter as an enum constant ignoring case, so that {@code dtype=float32} names
 * {@code FLOAT32}. An unknown value fails the conversion, reported as a 400 listing the allowed values.
 */
public final class LenientEnumConverter<E extends Enum<E>> implements Converter<String, E> {

	private final Class<E> type;

	public LenientEnumConverter(Class<E> type) {
		this.type = type;
	}

	@Override
	public E convert(String text) {
		String name = text.strip(); // whitespace only: trim() would also drop control characters such as NUL
		if (name.isEmpty()) {
			return null;
		}
		for (E constant : this.type.getEnumConstants()) {
			if (constant.name().equalsIgnoreCase(name)) {
				return constant;
			}
		}
		throw new InvalidValueException("one of " + Arrays.toString(this.type.getEnumConstants()).toLowerCase(Locale.ROOT));
	}

}
