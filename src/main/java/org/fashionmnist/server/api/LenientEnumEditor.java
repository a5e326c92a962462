package org.fashionmnist.server.api;

import java.beans.PropertyEditorSupport;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Reads a query parameter as an enum constant ignoring case, so that {@code dtype=float32} names
 * {@code FLOAT32}. An unknown value fails as a type mismatch, which {@link ProblemHandler} reports as
 * a 400 listing the allowed values.
 */
class LenientEnumEditor<E extends Enum<E>> extends PropertyEditorSupport {

	private final Class<E> type;

	LenientEnumEditor(Class<E> type) {
		this.type = type;
	}

	@Override
	public void setAsText(String text) {
		String name = (text != null) ? text.trim() : "";
		if (name.isEmpty()) {
			setValue(null);
			return;
		}
		for (E constant : this.type.getEnumConstants()) {
			if (constant.name().equalsIgnoreCase(name)) {
				setValue(constant);
				return;
			}
		}
		throw new IllegalArgumentException("'" + text + "' is not one of " + Arrays.stream(this.type.getEnumConstants())
			.map((constant) -> constant.name().toLowerCase(Locale.ROOT))
			.collect(Collectors.joining(", ")));
	}

	@Override
	public String getAsText() {
		Object value = getValue();
		return (value != null) ? ((Enum<?>) value).name().toLowerCase(Locale.ROOT) : "";
	}

}
