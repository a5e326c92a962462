package org.fashionmnist.server.web.prediction;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.core.converter.ResolvedSchema;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import org.jspecify.annotations.Nullable;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.fashionmnist.server.dataset.DatasetCatalog;
import org.fashionmnist.server.dataset.Split;
import org.fashionmnist.server.dataset.SplitData;
import org.fashionmnist.server.web.http.ApiPaths;
import org.fashionmnist.server.web.prediction.PredictionBodies.FileParts;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The request body of the prediction and saliency endpoints in the OpenAPI description: one entry per {@link PredictionBody}, and
 * a working JSON example, the first test image (an ankle boot) as 28 rows of 28 values, so that "Try it
 * out" in Swagger UI returns a real prediction.
 * <p>
 * Client generators (openapi-generator) write one method per operation for the first media type of its body and
 * ignore the others, so the multipart body comes first: pictures as {@code file} parts, which the generators
 * handle in every language (a picture as a bare {@code image/png} body the Java generator sends as JSON). Its
 * schema is written inline: a reference to a component makes typescript-fetch import a model it never writes.
 */
@Configuration(proxyBeanMethods = false)
class PredictionOpenApi {

	@Bean
	OpenApiCustomizer predictionBodies(DatasetCatalog datasets) {
		return (openApi) -> {
			for (String pathName : List.of(ApiPaths.PREDICTIONS, ApiPaths.SALIENCY)) {
				PathItem path = openApi.getPaths().get(pathName);
				Operation post = (path != null) ? path.getPost() : null;
				if (post != null && post.getRequestBody() != null) {
					post.getRequestBody().setContent(content(openApi, datasets));
				}
			}
		};
	}

	private static Content content(OpenAPI openApi, DatasetCatalog datasets) {
		Content content = new Content();
		content.addMediaType(PredictionBody.MULTIPART.mediaType().toString(), new MediaType().schema(inline(FileParts.class)));
		for (PredictionBody body : PredictionBody.values()) {
			if (body != PredictionBody.MULTIPART) {
				content.addMediaType(body.mediaType().toString(), new MediaType().schema(schema(openApi, body.schema())));
			}
		}
		SplitData test = datasets.all().get(0).split(Split.TEST);
		content.get(PredictionBody.JSON.mediaType().toString())
			.setExamples(Map.of("ankleBoot", new Example().summary("Test image 0, an ankle boot, as 28 rows of 28 values")
				.value(Map.of("instances", List.of(rows(test, 0))))));
		return content;
	}

	/** Bytes as a binary string; a class as a reference to its schema, added to the components. */
	private static Schema<?> schema(OpenAPI openApi, @Nullable Class<?> type) {
		if (type == null) {
			return new StringSchema().format("binary");
		}
		ResolvedSchema resolved = ModelConverters.getInstance(true).resolveAsResolvedSchema(new AnnotatedType(type));
		openApi.getComponents().addSchemas(resolved.schema.getName(), resolved.schema);
		return new Schema<>().$ref("#/components/schemas/" + resolved.schema.getName());
	}

	/** The schema of {@code type} itself, not a reference to it. */
	private static Schema<?> inline(Class<?> type) {
		return ModelConverters.getInstance(true).resolveAsResolvedSchema(new AnnotatedType(type)).schema;
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
