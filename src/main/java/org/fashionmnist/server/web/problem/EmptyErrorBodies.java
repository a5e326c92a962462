package org.fashionmnist.server.web.problem;

import java.net.URI;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * Gives an error that a handler answered without a body a problem as its body. Only actuator does so:
 * a health group that does not exist ({@code /actuator/health/zzz}) is a bare 404.
 */
@ControllerAdvice
class EmptyErrorBodies implements ResponseBodyAdvice<Object> {

	private static final String HEALTH = "/actuator/health/";

	private final ObjectProvider<HealthEndpointGroups> healthGroups;

	EmptyErrorBodies(ObjectProvider<HealthEndpointGroups> healthGroups) {
		this.healthGroups = healthGroups;
	}

	@Override
	public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
		return true;
	}

	@Override
	public @Nullable Object beforeBodyWrite(@Nullable Object body, MethodParameter returnType, MediaType contentType,
			Class<? extends HttpMessageConverter<?>> converterType, ServerHttpRequest request, ServerHttpResponse response) {
		if (body != null || !(response instanceof ServletServerHttpResponse servlet)) {
			return body;
		}
		HttpStatus status = HttpStatus.resolve(servlet.getServletResponse().getStatus());
		if (status == null || !status.isError()) {
			return null;
		}
		String path = request.getURI().getRawPath();
		ProblemDetail problem = Problems.withType(ProblemDetail.forStatusAndDetail(status, detail(status, path)));
		problem.setInstance(URI.create(path));
		response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		return problem;
	}

	private String detail(HttpStatus status, String path) {
		HealthEndpointGroups groups = this.healthGroups.getIfAvailable();
		if (status == HttpStatus.NOT_FOUND && path.startsWith(HEALTH) && groups != null) {
			StringBuilder detail = new StringBuilder("Nothing is reported at ").append(path)
				.append(": ask /actuator/health, or one of its groups:");
			new TreeSet<>(groups.getNames()).forEach((name) -> detail.append(' ').append(HEALTH).append(name).append(','));
			detail.setCharAt(detail.length() - 1, '.');
			return detail.toString();
		}
		return ProblemErrorController.detail(status);
	}

}
