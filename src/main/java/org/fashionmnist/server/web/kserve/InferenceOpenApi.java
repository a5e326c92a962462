package org.fashionmnist.server.web.kserve;

import java.util.Map;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.utils.SpringDocUtils;

import org.fashionmnist.server.inference.input.TensorData;
import org.fashionmnist.server.web.openapi.OpenApiConfiguration;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;

/**
 * The protocol's error object as the body of every 4xx and 5xx response under {@code /v2}, and an operation id
 * for each path of an operation that answers both a model's path and its versioned twin.
 */
@Configuration(proxyBeanMethods = false)
class InferenceOpenApi {

	private static final String INFERENCE_ERROR = "InferenceError";

	private static final String MODEL = "/v2/models/{model}";

	private static final String VERSION = MODEL + "/versions/{version}";

	/**
	 * springdoc gives one method's twin operations the method's name and that name numbered ({@code infer},
	 * {@code infer_1}), the plain one to either path; a generated client would offer both under names that do not
	 * tell which is which. These are the protocol's own names (its gRPC service's ModelMetadata, ModelReady and
	 * ModelInfer), with "Version" for the path that names a version.
	 */
	private static final Map<String, String> OPERATION_IDS = Map.of(MODEL, "modelMetadata", VERSION, "modelVersionMetadata",
			MODEL + "/ready", "modelReady", VERSION + "/ready", "modelVersionReady", MODEL + "/infer", "modelInfer",
			VERSION + "/infer", "modelVersionInfer");

	static {
		// Tensor data is read into a TensorData, but written as JSON lists: numbers, or lists nested as the shape.
		SpringDocUtils.getConfig().replaceWithSchema(TensorData.class, new ArraySchema().items(new Schema<>()));
	}

	@Bean
	OpenApiCustomizer inferenceErrorResponses() {
		return (openApi) -> {
			if (openApi.getComponents() == null) {
				openApi.components(new Components());
			}
			openApi.getComponents().addSchemas(INFERENCE_ERROR, inferenceErrorSchema());
			openApi.getPaths().forEach((path, item) -> {
				if (InferenceErrors.isProtocolPath(path)) {
					OpenApiConfiguration.addErrorContent(item, OpenApiConfiguration.errorContent(MediaType.APPLICATION_JSON_VALUE,
							"#/components/schemas/" + INFERENCE_ERROR));
				}
			});
		};
	}

	@Bean
	OpenApiCustomizer inferenceOperationIds() {
		return (openApi) -> OPERATION_IDS.forEach((path, id) -> {
			PathItem item = openApi.getPaths().get(path);
			if (item != null) {
				item.readOperations().forEach((operation) -> operation.setOperationId(id));
			}
		});
	}

	private static Schema<?> inferenceErrorSchema() {
		return new ObjectSchema().description("The Open Inference Protocol's error object, for every error under /v2")
			.addProperty("error", new StringSchema().example("There is no model 'mnist'. Models: baseline."))
			.addRequiredItem("error");
	}

}
