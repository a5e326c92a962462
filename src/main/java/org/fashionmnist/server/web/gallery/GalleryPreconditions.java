package org.fashionmnist.server.web.gallery;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import org.fashionmnist.server.web.problem.ProblemErrorController;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Spring's static resource handler answers a failed precondition on the gallery's files ({@code
 * If-Unmodified-Since} a date before the build) with a bare 412. Sent as an error instead, it becomes a
 * problem like every other ({@link ProblemErrorController}).
 */
final class GalleryPreconditions extends OncePerRequestFilter {

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		chain.doFilter(request, new HttpServletResponseWrapper(response) {

			@Override
			public void setStatus(int status) {
				if (status == HttpServletResponse.SC_PRECONDITION_FAILED && !isCommitted()) {
					try {
						// What the page's forward set (its type and charset) is not the problem's.
						reset();
						sendError(status);
					}
					catch (IOException ex) {
						super.setStatus(status);
					}
					return;
				}
				super.setStatus(status);
			}

		});
	}

}
