package org.fashionmnist.server.web.http;

import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.accept.ContentNegotiationStrategy;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Actuator reads {@code Accept} itself, not through Spring MVC's content negotiation, and stumbles where
 * {@link LenientAcceptHeader} does not: an empty element ({@code application/json,}) is a 500, an empty
 * header a 500 from the Prometheus endpoint, a header it cannot parse a 406, and it serves types the header
 * weights {@code q=0}. Its endpoints (the readiness probe among them) get the header as the rest of the API
 * reads it instead: without the types it refuses, or without the header when it cannot be read.
 */
public final class ActuatorAcceptHeader extends OncePerRequestFilter {

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return request.getHeader(HttpHeaders.ACCEPT) == null;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		List<MediaType> types = LenientAcceptHeader.resolve(new ServletWebRequest(request));
		String accept = types.equals(ContentNegotiationStrategy.MEDIA_TYPE_ALL_LIST) ? null : MediaType.toString(types);
		chain.doFilter(new HttpServletRequestWrapper(request) {

			@Override
			public @Nullable String getHeader(String name) {
				return HttpHeaders.ACCEPT.equalsIgnoreCase(name) ? accept : super.getHeader(name);
			}

			@Override
			public Enumeration<String> getHeaders(String name) {
				if (!HttpHeaders.ACCEPT.equalsIgnoreCase(name)) {
					return super.getHeaders(name);
				}
				return Collections.enumeration((accept != null) ? List.of(accept) : List.of());
			}

			@Override
			public Enumeration<String> getHeaderNames() {
				List<String> names = Collections.list(super.getHeaderNames());
				if (accept == null) {
					names.removeIf(HttpHeaders.ACCEPT::equalsIgnoreCase);
				}
				return Collections.enumeration(names);
			}

		}, response);
	}

}
