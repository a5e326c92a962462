package org.fashionmnist.server.web.prediction;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.media.MediaType;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.fashionmnist.server.dataset.DatasetCatalog;
import org.fashionmnist.server.dataset.Split;
import org.fashionmnist.server.dataset.SplitData;
import org.fashionmnist.server.web.http.ApiPaths;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A working JSON example for the prediction endpoint: the first test image (an ankle boot) as 28 rows
 * of 28 values, so that "Try it out" in Swagger UI returns a real prediction.
 */
@Configuration(proxyBeanMethods = false)
class PredictionOpenApi {

	@Bean
	OpenApiCustomizer predictionExample(DatasetCatalog datasets) {
		return (openApi) -> {
			PathItem path = openApi.getPaths().get(ApiPaths.PREDICTIONS);
			Operation post = (path != null) ? path.getPost() : null;
			if (post == null || post.getRequestBody() == null || post.getRequestBody().getContent() == null) {
				return;
			}
			MediaType json = post.getRequestBody().getContent().get(org.springframework.http.MediaType.APPLICATION_JSON_VALUE);
			SplitData test = datasets.all().get(0).split(Split.TEST);
			if (json != null) {
				json.setExamples(Map.of("ankleBoot", new Example().summary("Test image 0, an ankle boot, as 28 rows of 28 values")
					.value(Map.of("instances", List.of(rows(test, 0))))));
			}
		};
	}

	private static List<List<Integer>> rows(SplitData split, int index) {
		byte[] pixels = split.imageBytes();
		int offset = split.imageOffset(index);
		List<List<Integer>> rows = new ArrayList<>(split.side());
		for (int y = 0; y < split.side(); y++) {
			List<Integer> row = new ArrayList<>(split.side());
			for (int x = 0; x < split.side(); x++) {
				row.add(pixels[offset + y * split.side() + x] & 0xff);
			}
			rows.add(row);
		}
		return rows;
	}

}
