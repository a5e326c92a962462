package org.fashionmnist.server.web.http;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.fashionmnist.server.web.problem.Problems;

import org.springframework.beans.BeanUtils;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodParameter;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

/**
 * A parameter that takes one value, given more than once ({@code size=5&size=10}), is a 400: Spring
 * would bind the first of an enum's or a boolean's values and silently drop the rest, which hides the
 * client's mistake, and a repeated number would be reported as not a number. Parameters that take
 * several values ({@code label}) may repeat. Only the query string is read: the parameters of this API
 * are all there, and asking the request for its parameters would read a multipart body before the
 * controller admits it.
 */
public final class SingleValuedParameters implements HandlerInterceptor {

	private static final ParameterNameDiscoverer NAMES = new DefaultParameterNameDiscoverer();

	private final Map<HandlerMethod, List<String>> singleValued = new ConcurrentHashMap<>();

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		String query = request.getQueryString();
		if (query != null && handler instanceof HandlerMethod method) {
			List<String> names = this.singleValued.computeIfAbsent(method, SingleValuedParameters::singleValued);
			if (!names.isEmpty()) {
				MultiValueMap<String, String> parameters = UriComponentsBuilder.newInstance().query(query).build().getQueryParams();
				for (String name : names) {
					List<String> values = parameters.get(name);
					if (values != null && values.size() > 1) {
						throw Problems.invalidParameter(name, "takes one value, found " + values.size() + ": '"
								+ String.join("', '", values.stream().map(SingleValuedParameters::decode).toList()) + "'");
					}
				}
			}
		}
		return true;
	}

	private static String decode(@Nullable String value) {
		try {
			return (value != null) ? UriUtils.decode(value, StandardCharsets.UTF_8) : "";
		}
		catch (IllegalArgumentException ex) {
			return value;
		}
	}

	private static List<String> singleValued(HandlerMethod method) {
		List<String> names = new ArrayList<>();
		for (MethodParameter parameter : method.getMethodParameters()) {
			RequestParam annotation = parameter.getParameterAnnotation(RequestParam.class);
			Class<?> type = parameter.getParameterType();
			if (annotation != null && takesOneValue(type)) {
				MethodParameter named = new MethodParameter(method.getMethod(), parameter.getParameterIndex());
				named.initParameterNameDiscovery(NAMES);
				String name = annotation.name().isEmpty() ? named.getParameterName() : annotation.name();
				if (name != null) {
					names.add(name);
				}
			}
			else if (annotation == null && type.isRecord() && !BeanUtils.isSimpleProperty(type)) {
				// A query object, bound from parameters named as its components.
				Arrays.stream(type.getRecordComponents())
					.filter((component) -> takesOneValue(component.getType()))
					.forEach((component) -> names.add(component.getName()));
			}
		}
		return List.copyOf(names);
	}

	private static boolean takesOneValue(Class<?> type) {
		return !type.isArray() && !Collection.class.isAssignableFrom(type) && !Map.class.isAssignableFrom(type);
	}

}
