package org.fashionmnist.server.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough PromQL reading to find what a query selects: each metric name with the label matchers written
 * beside it ({@code rate(http_server_requests_seconds_count{uri="/x", job=~"$job"}[5m])}). Functions and
 * aggregations (a name followed by a parenthesis, or an aggregation followed by {@code by}/{@code without}),
 * keywords, the label lists of {@code by}, {@code without}, {@code on}, {@code ignoring} and
 * {@code group_left}/{@code group_right}, ranges, numbers, durations and Grafana variables are none of them.
 */
final class PromQl {

	private static final Set<String> AGGREGATIONS = Set.of("sum", "min", "max", "avg", "group", "stddev", "stdvar", "count",
			"count_values", "bottomk", "topk", "quantile", "limitk", "limit_ratio");

	private static final Set<String> LABEL_LISTS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right");

	private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "atan2", "inf", "nan");

	private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

	private static final Pattern NUMBER_OR_DURATION = Pattern.compile("[0-9][0-9.]*(?:[eE][+-]?[0-9]+)?[a-zA-Z]*");

	private static final Pattern VARIABLE = Pattern.compile("\\$\\{?[a-zA-Z0-9_]+}?");

	private static final Pattern MATCHER = Pattern.compile("\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*\"((?:[^\"\\\\]|\\\\.)*)\"\\s*,?");

	/** Grafana's {@code label_values(selector, label)}, whose first argument is a selector. */
	private static final Pattern LABEL_VALUES = Pattern.compile("\\s*label_values\\((?:(.*),)?\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*\\)\\s*");

	private PromQl() {
	}

	/** A metric selected, with the label matchers written beside it. */
	record Selector(String metric, List<LabelMatcher> matchers) {
	}

	/** {@code label op "value"}, the value as written (Grafana variables in it unresolved). */
	record LabelMatcher(String label, String op, String value) {

		/** An equality with a literal value, which some sample must carry for the selector to match anything. */
		boolean isLiteralEquality() {
			return this.op.equals("=") && !this.value.contains("$");
		}

	}

	/** The selectors of a query: a PromQL expression, or Grafana's {@code label_values(...)} of a variable. */
	static List<Selector> selectors(String query) {
		Matcher labelValues = LABEL_VALUES.matcher(query);
		if (labelValues.matches()) {
			return (labelValues.group(1) != null) ? selectors(labelValues.group(1)) : List.of();
		}
		List<Selector> selectors = new ArrayList<>();
		int i = 0;
		while (i < query.length()) {
			char c = query.charAt(i);
			Matcher identifier = IDENTIFIER.matcher(query).region(i, query.length());
			Matcher number = NUMBER_OR_DURATION.matcher(query).region(i, query.length());
			Matcher variable = VARIABLE.matcher(query).region(i, query.length());
			if (identifier.lookingAt()) {
				String name = identifier.group();
				int next = skipSpaces(query, identifier.end());
				if (LABEL_LISTS.contains(name) && next < query.length() && query.charAt(next) == '(') {
					i = closing(query, next, '(', ')') + 1;
				}
				else if ((next < query.length() && query.charAt(next) == '(') || AGGREGATIONS.contains(name)
						|| LABEL_LISTS.contains(name) || KEYWORDS.contains(name.toLowerCase(Locale.ROOT))) {
					i = identifier.end();
				}
				else if (next < query.length() && query.charAt(next) == '{') {
					int end = closing(query, next, '{', '}');
					selectors.add(new Selector(name, matchers(query.substring(next + 1, end))));
					i = end + 1;
				}
				else {
					selectors.add(new Selector(name, List.of()));
					i = identifier.end();
				}
			}
			else if (c == '{') {
				throw new IllegalArgumentException("A selector without a metric name in " + query);
			}
			else if (c == '[') {
				i = closing(query, i, '[', ']') + 1;
			}
			else if (c == '"' || c == '\'') {
				i = query.indexOf(c, i + 1) + 1;
			}
			else if (number.lookingAt()) {
				i = number.end();
			}
			else if (variable.lookingAt()) {
				i = variable.end();
			}
			else {
				i++;
			}
		}
		return selectors;
	}

	private static List<LabelMatcher> matchers(String written) {
		List<LabelMatcher> matchers = new ArrayList<>();
		Matcher matcher = MATCHER.matcher(written);
		int end = 0;
		while (matcher.find() && matcher.start() == end) {
			matchers.add(new LabelMatcher(matcher.group(1), matcher.group(2), matcher.group(3)));
			end = matcher.end();
		}
		if (!written.substring(end).isBlank()) {
			throw new IllegalArgumentException("Cannot read the label matchers {" + written + "}");
		}
		return matchers;
	}

	private static int skipSpaces(String query, int from) {
		int i = from;
		while (i < query.length() && Character.isWhitespace(query.charAt(i))) {
			i++;
		}
		return i;
	}

	/** The index of the bracket closing the one at {@code open}, quoted strings skipped. */
	private static int closing(String query, int open, char opening, char closing) {
		int depth = 0;
		for (int i = open; i < query.length(); i++) {
			char c = query.charAt(i);
			if (c == '"') {
				i = endOfString(query, i);
			}
			else if (c == opening) {
				depth++;
			}
			else if (c == closing && --depth == 0) {
				return i;
			}
		}
		throw new IllegalArgumentException("Unbalanced " + opening + " in " + query);
	}

	private static int endOfString(String query, int start) {
		for (int i = start + 1; i < query.length(); i++) {
			if (query.charAt(i) == '\\') {
				i++;
			}
			else if (query.charAt(i) == '"') {
				return i;
			}
		}
		throw new IllegalArgumentException("Unterminated string in " + query);
	}

}
