package org.fashionmnist.server.inference;

import java.util.Locale;
import java.util.Optional;

/**
 * Whether to invert an uploaded picture (255 - v) to the dataset's light article on a dark background.
 * {@link #AUTO} inverts a picture whose border is light, that is a dark article on a light background.
 */
public enum Inversion {

	AUTO, TRUE, FALSE;

	/** Parses {@code auto}, {@code true} or {@code false}, ignoring case. */
	public static Optional<Inversion> parse(String value) {
		try {
			return Optional.of(valueOf(value.trim().toUpperCase(Locale.ROOT)));
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

	boolean inverts(float borderMean) {
		return this == TRUE || (this == AUTO && borderMean > Instances.MAX_VALUE / 2);
	}

}
