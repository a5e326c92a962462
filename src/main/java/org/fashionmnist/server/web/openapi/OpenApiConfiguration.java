package org.fashionmnist.server.web.openapi;

import java.util.List;
import java.util.Map;
import java.util.Set;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Contact;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.servers.Server;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import tools.jackson.databind.JsonNode;

import org.fashionmnist.server.web.problem.ErrorDialect;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.ShallowEtagHeaderFilter;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * The OpenAPI description's header, the schema of every error response, and the document's own entity tag.
 * A part of the API with an error dialect of its own ({@link ErrorDialect}) describes its errors itself.
 * The document is meant for client generators and linters as much as for people (docs/clients.md).
 */
@Configuration(proxyBeanMethods = false)
public class OpenApiConfiguration {

	/** The 406 of an operation that answers JSON only, and the one error some operations without parameters can have. */
	public static final String NOT_ACCEPTABLE = "The Accept header allows no type this operation answers in (application/json)";

	static {
		// JSON that the server passes on as it found it (a model's training record): any JSON value, a schema with
		// no constraint, not Jackson's JsonNode class, whose isArray, isMissingNode... would become 23 booleans in a client.
		SpringDocUtils.getConfig().replaceWithSchema(JsonNode.class, new Schema<>());
		// A streamed body is described by its endpoint's own response content; its Java type is no schema of the API.
		SpringDocUtils.getConfig().addResponseTypeToIgnore(StreamingResponseBody.class);
	}

	@Bean
	OpenAPI fashionMnistOpenApi() {
		return new OpenAPI()
			// Relative: resolved against the URL the document was read from, whatever host, port or proxy served it.
			.servers(List.of(new Server().url("/").description("The server this document was fetched from")))
			// Stated, not left out: no operation needs credentials.
			.security(List.of())
			.info(new Info().title("Fashion-MNIST server")
				.version("v1")
				.description("Serves the Fashion-MNIST dataset (70,000 28x28 grayscale images, 10 classes) from memory: "
						+ "images as PNG, items and labels as JSON, whole splits as .npy and the original files. "
						+ "Every error is an RFC 9457 problem (application/problem+json), except under /v2, the Open Inference "
						+ "Protocol, whose errors are {\"error\": \"...\"}. Dataset content never changes "
						+ "while the server runs, so every GET of it carries an ETag (weak on JSON documents, strong on images, arrays, "
						+ "files and batches) and answers If-None-Match with 304.")
				.license(new License().name("Data: MIT, Copyright (c) 2017 Zalando SE").identifier("MIT"))
				.contact(new Contact().name("fashion-mnist-server maintainers")));
	}

	/**
	 * Every 4xx and 5xx response is a problem, except in a part of the API with an error dialect of its own:
	 * controllers only say when and why, this says what it looks like.
	 */
	@Bean
	OpenApiCustomizer problemResponses(List<ErrorDialect> dialects) {
		return (openApi) -> {
			if (openApi.getComponents() == null) {
				openApi.components(new Components());
			}
			openApi.getComponents().addSchemas("Problem", problemSchema());
			Content problem = errorContent(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE, "#/components/schemas/Problem");
			openApi.getPaths().forEach((path, item) -> {
				if (dialects.stream().noneMatch((dialect) -> dialect.covers(path))) {
					addErrorContent(item, problem);
				}
			});
		};
	}

	/**
	 * Every operation answers 406 when the Accept header allows none of its types (LenientAcceptHeader, Spring's
	 * content negotiation): said here once, for the operations whose controllers do not say it. An operation
	 * customizer, so that it runs before the customizers that give every error response its content.
	 */
	@Bean
	OperationCustomizer notAcceptableResponses() {
		return (operation, handler) -> {
			List<String> types = operation.getResponses()
				.entrySet()
				.stream()
				.filter((response) -> response.getKey().startsWith("2") && response.getValue().getContent() != null)
				.flatMap((response) -> response.getValue().getContent().keySet().stream())
				.distinct()
				.toList();
			if (!types.isEmpty() && !operation.getResponses().containsKey("406")) {
				operation.getResponses().addApiResponse("406", new ApiResponse()
					.description("The Accept header allows no type this operation answers in (" + String.join(", ", types) + ")"));
			}
			return operation;
		};
	}

	/**
	 * The OpenAPI document (74 KB) changes only with a new build, so clients that cache it can revalidate it
	 * for a 304. springdoc gives it no tag; this one hashes the body. It is weak: Tomcat compresses the
	 * document (to 12 KB) only when its tag is weak, since a strong one would have to differ per encoding.
	 */
	@Bean
	FilterRegistrationBean<ShallowEtagHeaderFilter> openApiDocumentTag() {
		ShallowEtagHeaderFilter filter = new ShallowEtagHeaderFilter();
		filter.setWriteWeakETag(true);
		FilterRegistrationBean<ShallowEtagHeaderFilter> registration = new FilterRegistrationBean<>(filter);
		registration.addUrlPatterns("/v3/api-docs", "/v3/api-docs/*", "/v3/api-docs.yaml");
		return registration;
	}

	/** Gives every 4xx and 5xx response of {@code path} the error {@code content}. */
	public static void addErrorContent(PathItem path, Content content) {
		path.readOperations()
			.stream()
			.flatMap((operation) -> operation.getResponses().entrySet().stream())
			.filter((response) -> response.getKey().startsWith("4") || response.getKey().startsWith("5"))
			.forEach((response) -> response.getValue().content(content));
	}

	/** Content of {@code mediaType} whose schema is the one {@code ref} points at. */
	public static Content errorContent(String mediaType, String ref) {
		return new Content().addMediaType(mediaType, new MediaType().schema(new Schema<>().$ref(ref)));
	}

	private static Schema<?> problemSchema() {
		Schema<?> error = new ObjectSchema().addProperty("parameter", new StringSchema().example("size"))
			.addProperty("message", new StringSchema().example("must be less than or equal to 1000, found 5000"))
			.required(List.of("parameter", "message"));
		// A plain schema of type object: ObjectSchema writes an example object as a string.
		return new Schema<Object>().type("object").types(Set.of("object")).description("An RFC 9457 problem")
			.addProperty("type", new StringSchema().format("uri-reference").example("/problems/invalid-parameter"))
			.addProperty("title", new StringSchema().example("Invalid Parameter"))
			.addProperty("status", new IntegerSchema().example(400))
			.addProperty("detail", new StringSchema().example("Invalid parameter: size must be less than or equal to 1000, found 5000."))
			.addProperty("instance", new StringSchema().format("uri-reference").example("/api/v1/datasets/fashion-mnist/splits/train/items"))
			.addProperty("errors", new ArraySchema().items(error).description("Present for parameter errors"))
			.required(List.of("type", "title", "status", "detail", "instance"))
			.example(Map.of("type", "/problems/invalid-parameter", "title", "Invalid Parameter", "status", 400, "detail",
					"Invalid parameter: size must be less than or equal to 1000, found 5000.", "instance",
					"/api/v1/datasets/fashion-mnist/splits/train/items", "errors",
					List.of(Map.of("parameter", "size", "message", "must be less than or equal to 1000, found 5000"))));
	}

}
