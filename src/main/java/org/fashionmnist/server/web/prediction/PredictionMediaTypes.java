package org.fashionmnist.server.web.prediction;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpMethod;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.util.StringUtils;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Refuses a prediction whose {@code Content-Type} is not one of {@link PredictionBody}'s with a 415 before
 * anything else is read, as a {@code consumes} condition of its mapping would (but from the one list): no
 * parameter, model or body is looked at first. No {@code Content-Type} reads as
 * {@code application/octet-stream}, as Spring MVC reads it.
 */
class PredictionMediaTypes implements HandlerInterceptor {

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
			throws HttpMediaTypeNotSupportedException {
		if (!HttpMethod.POST.matches(request.getMethod()) || !StringUtils.hasLength(request.getContentType())) {
			return true;
		}
		MediaType contentType;
		try {
			contentType = MediaType.parseMediaType(request.getContentType());
		}
		catch (InvalidMediaTypeException ex) {
			throw new HttpMediaTypeNotSupportedException(ex.getMessage(), PredictionBody.mediaTypes());
		}
		if (PredictionBody.of(contentType).isEmpty()) {
			throw new HttpMediaTypeNotSupportedException(contentType, PredictionBody.mediaTypes(), HttpMethod.POST);
		}
		return true;
	}

}
