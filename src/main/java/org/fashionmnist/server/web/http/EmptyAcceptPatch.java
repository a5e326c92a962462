package org.fashionmnist.server.web.http;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Leaves out the empty {@code Accept-Patch} header Spring MVC puts on every {@code OPTIONS} answer when no
 * endpoint takes {@code PATCH} (none here): RFC 5789 defines the header as a list of at least one media
 * type, and its presence as a sign that {@code PATCH} is allowed.
 */
public final class EmptyAcceptPatch extends OncePerRequestFilter {

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !"OPTIONS".equals(request.getMethod());
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		chain.doFilter(request, new HttpServletResponseWrapper(response) {

			@Override
			public void setHeader(String name, String value) {
				if (!isEmptyAcceptPatch(name, value)) {
					super.setHeader(name, value);
				}
			}

			@Override
			public void addHeader(String name, String value) {
				if (!isEmptyAcceptPatch(name, value)) {
					super.addHeader(name, value);
				}
			}

		});
	}

	private static boolean isEmptyAcceptPatch(String name, String value) {
		return HttpHeaders.ACCEPT_PATCH.equalsIgnoreCase(name) && (value == null || value.isBlank());
	}

}
