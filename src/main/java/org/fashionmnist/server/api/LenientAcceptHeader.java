package org.fashionmnist.server.api;

import java.util.List;

import org.springframework.http.MediaType;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.accept.ContentNegotiationStrategy;
import org.springframework.web.accept.HeaderContentNegotiationStrategy;
import org.springframework.web.context.request.NativeWebRequest;

/**
 * The media types of the {@code Accept} header, or any type when the header cannot be parsed
 * ({@code Accept: garbage}). Spring would answer such a request with an empty 406, and every error
 * with an empty body too, since no problem could be written in a type the header does not name.
 * Ignoring a header it cannot read is what RFC 9110 (section 12.5.1) lets a server do.
 */
final class LenientAcceptHeader implements ContentNegotiationStrategy {

	private final HeaderContentNegotiationStrategy header = new HeaderContentNegotiationStrategy();

	@Override
	public List<MediaType> resolveMediaTypes(NativeWebRequest request) {
		try {
			return this.header.resolveMediaTypes(request);
		}
		catch (HttpMediaTypeNotAcceptableException ex) {
			// Thrown only for a header that does not parse.
			return MEDIA_TYPE_ALL_LIST;
		}
	}

}
