package org.fashionmnist.server.api;

import java.util.List;
import java.util.Map;
import java.util.Set;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;

import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI description's header and the schemas of every error response. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	private static final String INFERENCE_ERROR = "InferenceError";

	@Bean
	OpenAPI fashionMnistOpenApi() {
		return new OpenAPI()
			.info(new Info().title("Fashion-MNIST server")
				.version("v1")
				.description("Serves the Fashion-MNIST dataset (70,000 28x28 grayscale images, 10 classes) from memory: "
						+ "images as PNG, items and labels as JSON, whole splits as .npy and the original files. "
						+ "Every error is an RFC 9457 problem (application/problem+json), except under /v2, the Open Inference "
						+ "Protocol, whose errors are {\"error\": \"...\"}. Dataset content never changes "
						+ "while the server runs, so every GET of it carries a strong ETag and answers If-None-Match with 304.")
				.license(new License().name("Data: MIT, Copyright (c) 2017 Zalando SE").identifier("MIT")));
	}

	/**
	 * Every 4xx and 5xx response is a problem, except under {@code /v2}, where the Open Inference Protocol
	 * prescribes {@code {"error": "..."}}: controllers only say when and why, this says what it looks like.
	 */
	@Bean
	OpenApiCustomizer problemResponses() {
		return (openApi) -> {
			if (openApi.getComponents() == null) {
				openApi.components(new Components());
			}
			openApi.getComponents().addSchemas("Problem", problemSchema());
			openApi.getComponents().addSchemas(INFERENCE_ERROR, inferenceErrorSchema());
			openApi.getPaths().forEach((path, item) -> addErrorContent(item, InferenceErrors.isProtocolPath(path)
					? errorContent(org.springframework.http.MediaType.APPLICATION_JSON_VALUE, INFERENCE_ERROR)
					: errorContent(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE, "Problem")));
		};
	}

	private static void addErrorContent(PathItem path, Content content) {
		path.readOperations()
			.stream()
			.flatMap((operation) -> operation.getResponses().entrySet().stream())
			.filter((response) -> response.getKey().startsWith("4") || response.getKey().startsWith("5"))
			.forEach((response) -> response.getValue().content(content));
	}

	private static Content errorContent(String mediaType, String schema) {
		return new Content().addMediaType(mediaType, new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + schema)));
	}

	private static Schema<?> inferenceErrorSchema() {
		return new ObjectSchema().description("The Open Inference Protocol's error object, for every error under /v2")
			.addProperty("error", new StringSchema().example("There is no model 'mnist'. Models: baseline."))
			.addRequiredItem("error");
	}

	private static Schema<?> problemSchema() {
		Schema<?> error = new ObjectSchema().addProperty("parameter", new StringSchema().example("size"))
			.addProperty("message", new StringSchema().example("must be less than or equal to 1000, found 5000"));
		// A plain schema of type object: ObjectSchema writes an example object as a string.
		return new Schema<Object>().type("object").types(Set.of("object")).description("An RFC 9457 problem")
			.addProperty("type", new StringSchema().format("uri-reference").example("/problems/invalid-parameter"))
			.addProperty("title", new StringSchema().example("Invalid Parameter"))
			.addProperty("status", new IntegerSchema().example(400))
			.addProperty("detail", new StringSchema().example("Invalid parameter: size must be less than or equal to 1000, found 5000."))
			.addProperty("instance", new StringSchema().format("uri-reference").example("/api/v1/datasets/fashion-mnist/splits/train/items"))
			.addProperty("errors", new ArraySchema().items(error).description("Present for parameter errors"))
			.example(Map.of("type", "/problems/invalid-parameter", "title", "Invalid Parameter", "status", 400, "detail",
					"Invalid parameter: size must be less than or equal to 1000, found 5000.", "instance",
					"/api/v1/datasets/fashion-mnist/splits/train/items", "errors",
					List.of(Map.of("parameter", "size", "message", "must be less than or equal to 1000, found 5000"))));
	}

}
