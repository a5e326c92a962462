package org.fashionmnist.server.web.http;

import java.util.List;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;

import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The paths that more than one place writes, each written once: as request mappings, as a fast path's
 * pattern and metric tag, and in the links documents carry.
 */
public final class ApiPaths {

	public static final String DATASETS = "/api/v1/datasets";

	public static final String MODELS = "/api/v1/models";

	public static final String PREDICTIONS = MODELS + "/{model}/predictions";

	public static final String SALIENCY = MODELS + "/{model}/saliency";

	public static final String SPLIT = DATASETS + "/{dataset}/splits/{split}";

	public static final String IMAGES = SPLIT + "/images";

	public static final String IMAGE = IMAGES + "/{index}.png";

	public static final String BATCHES = SPLIT + "/batches";

	public static final String BATCH = BATCHES + "/{batch}";

	private static final Pattern VARIABLE = Pattern.compile("\\{[^}]+}");

	private ApiPaths() {
	}

	/** The absolute URL of {@code template} with its variables, at the origin the request was made to. */
	public static String url(String template, Object... variables) {
		return ServletUriComponentsBuilder.fromCurrentContextPath().path(template).buildAndExpand(variables).encode().toUriString();
	}

	/**
	 * The paths of {@code template} in the plain form a fast path answers: each variable one path segment,
	 * and the last one a number in plain decimal (no sign, no leading zero, at most nine digits), each a group.
	 */
	public static Pattern plainForm(String template) {
		List<MatchResult> variables = VARIABLE.matcher(template).results().toList();
		StringBuilder regex = new StringBuilder();
		int end = 0;
		for (MatchResult variable : variables) {
			regex.append(Pattern.quote(template.substring(end, variable.start())))
				.append((variable == variables.get(variables.size() - 1)) ? "(0|[1-9][0-9]{0,8})" : "([^/]+)");
			end = variable.end();
		}
		return Pattern.compile(regex.append(Pattern.quote(template.substring(end))).toString());
	}

}
