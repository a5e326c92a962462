package org.fashionmnist.server.deploy;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.fashionmnist.server.deploy.PromQl.LabelMatcher;
import org.fashionmnist.server.deploy.PromQl.Selector;
import org.fashionmnist.server.web.prediction.PredictionHttpTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Grafana dashboard in {@code deploy/grafana/} asks only for what the service exposes: after a few requests
 * of each kind, every metric its queries name is a sample on {@code /actuator/prometheus}, and every label value
 * they ask for by equality (a route template, {@code area="heap"}) is one such a sample carries. A metric or
 * route renamed in the code fails here instead of leaving a panel empty. And it imports anywhere: its data source
 * is a variable, chosen when it is imported.
 */
class GrafanaDashboardTest extends PredictionHttpTest {

	static final Path DASHBOARD = Path.of("deploy", "grafana", "fashion-mnist-server.json");

	static final Path PROVISIONING = Path.of("deploy", "grafana", "provisioning", "dashboards.yaml");

	private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{.*})?\\s+\\S+(\\s+\\S+)?$");

	private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

	@Test
	void everyMetricAndLabelValueTheDashboardQueriesIsExposedAfterSomeTraffic() {
		requestsOfEachKind();
		Map<String, List<Map<String, String>>> samples = samples(new String(get("/actuator/prometheus").body()));

		List<String> queries = queries(dashboard());
		assertThat(queries).hasSizeGreaterThan(15);
		Set<String> metrics = new HashSet<>();
		for (String query : queries) {
			for (Selector selector : PromQl.selectors(query)) {
				metrics.add(selector.metric());
				assertThat(samples.containsKey(selector.metric()))
					.as("%s, which the dashboard queries in %s, is exposed (names exposed that begin alike: %s)", selector.metric(),
							query, alike(samples.keySet(), selector.metric()))
					.isTrue();
				for (LabelMatcher matcher : selector.matchers()) {
					if (matcher.isLiteralEquality()) {
						assertThat(samples.get(selector.metric()))
							.as("a sample of %s with %s=\"%s\", as %s asks", selector.metric(), matcher.label(), matcher.value(), query)
							.anyMatch((labels) -> matcher.value().equals(labels.get(matcher.label())));
					}
				}
			}
		}
		// What the issue asked the dashboard to show.
		assertThat(metrics).contains("http_server_requests_seconds_count", "http_server_requests_seconds_bucket",
				"fmnist_batches_images_count", "fmnist_batches_images_sum", "fmnist_inference_queue_images",
				"fmnist_inference_queue_wait_seconds_sum", "fmnist_inference_batch_size_sum", "fmnist_inference_rejected_total",
				"fmnist_model_accuracy", "jvm_memory_used_bytes");
	}

	@Test
	void itsDataSourceIsAPrometheusVariableThatEveryPanelAndQueryUses() {
		JsonNode dashboard = dashboard();
		JsonNode datasource = dashboard.get("templating").get("list").valueStream()
			.filter((variable) -> variable.get("name").asString().equals("datasource"))
			.findFirst()
			.orElseThrow();
		assertThat(datasource.get("type").asString()).isEqualTo("datasource");
		assertThat(datasource.get("query").asString()).isEqualTo("prometheus");
		assertThat(dashboard.get("uid").asString()).isNotBlank();
		assertThat(dashboard.has("id")).as("no id of the Grafana it was exported from").isFalse();

		Set<Integer> ids = new HashSet<>();
		List<JsonNode> users = new ArrayList<>();
		for (JsonNode panel : panels(dashboard)) {
			assertThat(ids.add(panel.get("id").asInt())).as("unique panel id %s", panel.get("id")).isTrue();
			if (!panel.get("type").asString().equals("row")) {
				users.add(panel);
				panel.get("targets").forEach(users::add);
			}
		}
		dashboard.get("templating").get("list").valueStream().filter((variable) -> variable.get("type").asString().equals("query"))
			.forEach(users::add);
		for (JsonNode user : users) {
			assertThat(user.get("datasource").get("uid").asString()).as("data source of %s", user).isEqualTo("${datasource}");
			assertThat(user.get("datasource").get("type").asString()).as("data source of %s", user).isEqualTo("prometheus");
		}
	}

	@Test
	void theProvisioningFileLoadsTheDashboardFromFiles() {
		JsonNode provider = Manifests.tree(PROVISIONING).get("providers").get(0);

		assertThat(Manifests.tree(PROVISIONING).get("apiVersion").asInt()).isEqualTo(1);
		assertThat(provider.get("type").asString()).isEqualTo("file");
		assertThat(provider.get("options").get("path").asString()).startsWith("/");
	}

	/** Items, a PNG (and its revalidation), batches by both paths, a model, predictions, and some bad requests. */
	private void requestsOfEachKind() {
		assertThat(get(TEST + "/items?size=5").statusCode()).isEqualTo(200);
		HttpResponse<byte[]> png = get(TEST + "/images/0.png");
		assertThat(png.statusCode()).isEqualTo(200);
		assertThat(get(TEST + "/images/0.png", "If-None-Match", header(png, "ETag")).statusCode()).isEqualTo(304);
		assertThat(get(TRAIN + "/batches/0?batchSize=64").statusCode()).isEqualTo(200);
		assertThat(get(TRAIN + "/batches/0?batchSize=64&format=json").statusCode()).isEqualTo(200);
		assertThat(get(MODELS + "/baseline").statusCode()).as("waits for the evaluation").isEqualTo(200);
		assertThat(post(PREDICTIONS, "application/x-npy", testImagesNpy(0, 8)).statusCode()).isEqualTo(200);
		assertThat(get(TEST + "/images/10000.png").statusCode()).isEqualTo(404);
		assertThat(get(TRAIN + "/batches/0?batchSize=0").statusCode()).isEqualTo(400);
	}

	private JsonNode dashboard() {
		return this.json.readTree(DASHBOARD.toFile());
	}

	/** Every panel, those inside collapsed rows too. */
	private static List<JsonNode> panels(JsonNode dashboard) {
		List<JsonNode> panels = new ArrayList<>();
		for (JsonNode panel : dashboard.get("panels")) {
			panels.add(panel);
			if (panel.has("panels")) {
				panel.get("panels").forEach(panels::add);
			}
		}
		return panels;
	}

	/** Every query: the panels' expressions and the variables' queries. */
	private static List<String> queries(JsonNode dashboard) {
		List<String> queries = new ArrayList<>();
		for (JsonNode panel : panels(dashboard)) {
			if (panel.has("targets")) {
				panel.get("targets").forEach((target) -> queries.add(target.get("expr").asString()));
			}
		}
		for (JsonNode variable : dashboard.get("templating").get("list")) {
			if (variable.get("type").asString().equals("query")) {
				JsonNode query = variable.get("query");
				queries.add(query.isString() ? query.asString() : query.get("query").asString());
			}
		}
		return queries;
	}

	/** The names that share the first two words of {@code name}, for a failure message. */
	private static List<String> alike(Set<String> names, String name) {
		String[] words = name.split("_");
		String prefix = (words.length > 1) ? words[0] + "_" + words[1] : name;
		return names.stream().filter((exposed) -> exposed.startsWith(prefix)).sorted().toList();
	}

	/** The samples of a Prometheus text exposition: each name with the label sets it is exposed with. */
	static Map<String, List<Map<String, String>>> samples(String exposition) {
		Map<String, List<Map<String, String>>> samples = new HashMap<>();
		for (String line : exposition.split("\n")) {
			if (line.isBlank() || line.startsWith("#")) {
				continue;
			}
			Matcher sample = SAMPLE.matcher(line);
			assertThat(sample.matches()).as("a sample line: %s", line).isTrue();
			Map<String, String> labels = new HashMap<>();
			if (sample.group(2) != null) {
				Matcher label = LABEL.matcher(sample.group(2));
				while (label.find()) {
					labels.put(label.group(1), label.group(2));
				}
			}
			samples.computeIfAbsent(sample.group(1), (name) -> new ArrayList<>()).add(labels);
		}
		return samples;
	}

}
