package org.fashionmnist.server.deploy;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.fashionmnist.server.deploy.PromQl.LabelMatcher;
import org.fashionmnist.server.deploy.PromQl.Selector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** What {@link GrafanaDashboardTest} reads in a query: the metrics, never a function, label, range or variable. */
class PromQlTest {

	@Test
	void findsTheMetricAndItsMatchersInsideFunctionsAggregationsAndRanges() {
		List<Selector> selectors = PromQl.selectors("histogram_quantile(0.99, sum by (uri, le) "
				+ "(rate(http_server_requests_seconds_bucket{job=~\"$job\", uri=\"/a/{b}.png\"}[$__rate_interval])))");

		assertThat(selectors).containsExactly(new Selector("http_server_requests_seconds_bucket",
				List.of(new LabelMatcher("job", "=~", "$job"), new LabelMatcher("uri", "=", "/a/{b}.png"))));
	}

	@Test
	void findsEachSideOfABinaryOperationAndBareNames() {
		assertThat(PromQl.selectors("sum(rate(a_sum[5m])) by (model) / on (model) group_left sum without (instance) "
				+ "(rate(a_count[1h] offset 5m)) > bool 0.5e3 and process_cpu_usage"))
			.extracting(Selector::metric)
			.containsExactly("a_sum", "a_count", "process_cpu_usage");
	}

	@Test
	void readsTheSelectorOfAGrafanaLabelValuesQuery() {
		assertThat(PromQl.selectors("label_values(jvm_memory_used_bytes{job=~\"$job\"}, instance)"))
			.extracting(Selector::metric)
			.containsExactly("jvm_memory_used_bytes");
		assertThat(PromQl.selectors("label_values(instance)")).isEmpty();
	}

	@Test
	void onlyLiteralEqualitiesMustBeCarriedBySomeSample() {
		assertThat(new LabelMatcher("area", "=", "heap").isLiteralEquality()).isTrue();
		assertThat(new LabelMatcher("job", "=", "$job").isLiteralEquality()).isFalse();
		assertThat(new LabelMatcher("status", "=~", "5..").isLiteralEquality()).isFalse();
	}

	@Test
	void refusesWhatItCannotRead() {
		assertThatIllegalArgumentException().isThrownBy(() -> PromQl.selectors("{__name__=\"x\"}"));
		assertThatIllegalArgumentException().isThrownBy(() -> PromQl.selectors("x{job=$job}"));
		assertThatIllegalArgumentException().isThrownBy(() -> PromQl.selectors("rate(x[5m)"));
	}

}
