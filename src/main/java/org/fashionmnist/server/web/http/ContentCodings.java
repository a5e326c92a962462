package org.fashionmnist.server.web.http;

import java.util.Locale;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/** What a request's {@code Accept-Encoding} allows (RFC 9110, section 12.5.3). */
public final class ContentCodings {

	private static final Pattern QVALUE = Pattern.compile("0(\\.[0-9]{0,3})?|1(\\.0{0,3})?");

	private ContentCodings() {
	}

	/**
	 * Whether gzip may be sent: {@code gzip} (or its alias {@code x-gzip}) is listed with a weight above 0,
	 * or, when it is not listed, {@code *} is. No header, or an empty one, asks for the identity coding.
	 */
	public static boolean acceptsGzip(String @Nullable [] acceptEncoding) {
		if (acceptEncoding == null) {
			return false;
		}
		Boolean gzip = null;
		boolean any = false;
		for (String header : acceptEncoding) {
			for (String element : header.split(",")) {
				int semicolon = element.indexOf(';');
				String coding = ((semicolon < 0) ? element : element.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
				boolean accepted = semicolon < 0 || weight(element.substring(semicolon + 1)) > 0;
				if (coding.equals("gzip") || coding.equals("x-gzip")) {
					gzip = (gzip == null) ? accepted : gzip || accepted;
				}
				else if (coding.equals("*")) {
					any = accepted;
				}
			}
		}
		return (gzip != null) ? gzip : any;
	}

	/** The {@code q} of a coding's parameters: 1 without one, 0 (not acceptable) when it is not a qvalue. */
	private static double weight(String parameters) {
		for (String parameter : parameters.split(";")) {
			int equals = parameter.indexOf('=');
			if (equals > 0 && parameter.substring(0, equals).trim().equalsIgnoreCase("q")) {
				String value = parameter.substring(equals + 1).trim();
				return QVALUE.matcher(value).matches() ? Double.parseDouble(value) : 0;
			}
		}
		return 1;
	}

}
