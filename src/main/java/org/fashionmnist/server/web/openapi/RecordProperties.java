package org.fashionmnist.server.web.openapi;

import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Iterator;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.type.TypeFactory;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverter;
import io.swagger.v3.core.converter.ModelConverterContext;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;
import io.swagger.v3.oas.models.media.Schema;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * Lists as {@code required}, in the schema of a record, every component the JSON always holds: the application
 * leaves out only nulls ({@code spring.jackson.default-property-inclusion}), so a component is required unless it is
 * declared {@link Nullable}. A component's own {@code @Schema(requiredMode)} wins: a request body's optional member
 * that binds to a default is {@code NOT_REQUIRED}. Client generators then type those
 * fields as present instead of optional (docs/clients.md); HTTP tests check every JSON body they receive against
 * its documented schema, so a component that can be null and is not declared so fails there.
 */
@Component
class RecordProperties implements ModelConverter {

	@Override
	public @Nullable Schema resolve(AnnotatedType type, ModelConverterContext context, Iterator<ModelConverter> chain) {
		if (!chain.hasNext()) {
			return null;
		}
		Schema<?> resolved = chain.next().resolve(type, context, chain);
		Class<?> raw = rawClass(type.getType());
		if (resolved == null || raw == null || !raw.isRecord()) {
			return resolved;
		}
		Schema<?> model = (resolved.get$ref() != null)
				? context.getDefinedModels().get(resolved.get$ref().substring(resolved.get$ref().lastIndexOf('/') + 1))
				: resolved;
		if (model == null || model.getProperties() == null) {
			return resolved;
		}
		for (RecordComponent component : raw.getRecordComponents()) {
			String name = jsonName(component);
			boolean listed = model.getRequired() != null && model.getRequired().contains(name);
			if (model.getProperties().containsKey(name) && !listed && alwaysPresent(component)) {
				model.addRequiredItem(name);
			}
		}
		return resolved;
	}

	private static boolean alwaysPresent(RecordComponent component) {
		// @Schema and @JsonProperty do not target record components; Java puts them on the accessor (among others).
		var schema = component.getAccessor().getAnnotation(io.swagger.v3.oas.annotations.media.Schema.class);
		if (schema != null && schema.requiredMode() != RequiredMode.AUTO) {
			return schema.requiredMode() == RequiredMode.REQUIRED;
		}
		return !component.getAnnotatedType().isAnnotationPresent(Nullable.class);
	}

	private static String jsonName(RecordComponent component) {
		JsonProperty property = component.getAccessor().getAnnotation(JsonProperty.class);
		return (property != null && !property.value().isEmpty()) ? property.value() : component.getName();
	}

	private static @Nullable Class<?> rawClass(@Nullable Type type) {
		if (type instanceof Class<?> raw) {
			return raw;
		}
		if (type instanceof JavaType javaType) {
			return javaType.getRawClass();
		}
		return (type != null) ? TypeFactory.defaultInstance().constructType(type).getRawClass() : null;
	}

}
