package org.fashionmnist.server.web.http;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.accept.ContentNegotiationStrategy;
import org.springframework.web.accept.HeaderContentNegotiationStrategy;
import org.springframework.web.context.request.NativeWebRequest;

/**
 * The media types of the {@code Accept} header, or any type when the header cannot be parsed
 * ({@code Accept: garbage}). Spring would answer such a request with an empty 406, and every error
 * with an empty body too, since no problem could be written in a type the header does not name.
 * Ignoring a header it cannot read is what RFC 9110 (section 12.5.1) lets a server do. A type the
 * header gives a weight of 0 is left out: RFC 9110 reads {@code q=0} as "not acceptable", while Spring
 * would match it like any other ({@code Accept: application/json;q=0} got JSON).
 */
public final class LenientAcceptHeader implements ContentNegotiationStrategy {

	/**
	 * What a header that refuses every type it names stands for: a type nothing is served as. Then every
	 * endpoint answers as it does any type it does not serve, with a 406 problem; an empty list would leave
	 * Spring no type to write that problem in.
	 */
	private static final MediaType NOTHING = new MediaType("application", "x-nothing-acceptable");

	private static final HeaderContentNegotiationStrategy HEADER = new HeaderContentNegotiationStrategy();

	@Override
	public List<MediaType> resolveMediaTypes(NativeWebRequest request) {
		return resolve(request);
	}

	/** The types the request's {@code Accept} header allows, read as {@link LenientAcceptHeader} reads them. */
	public static List<MediaType> resolve(NativeWebRequest request) {
		try {
			List<MediaType> types = HEADER.resolveMediaTypes(request);
			if (types.stream().allMatch(LenientAcceptHeader::acceptable)) {
				return types;
			}
			List<MediaType> acceptable = types.stream().filter(LenientAcceptHeader::acceptable).toList();
			return acceptable.isEmpty() ? List.of(NOTHING) : acceptable;
		}
		catch (HttpMediaTypeNotAcceptableException ex) {
			// Thrown only for a header that does not parse.
			return MEDIA_TYPE_ALL_LIST;
		}
	}

	/**
	 * A 406, whose problem names {@code type}, when the Accept header refuses {@code type}: the most specific
	 * of its ranges that covers the type weighs it {@code q=0} (RFC 9110, section 12.5.1), as
	 * {@code application/zip;q=0} or {@code *}{@code /*;q=0} alone do. A header that only names other types refuses nothing: the answer is then
	 * sent in its usual type all the same, as RFC 9110 allows (a batch client asking for
	 * {@code application/octet-stream} expects its npz).
	 */
	public static void requireAcceptable(@Nullable String accept, MediaType type) throws HttpMediaTypeNotAcceptableException {
		if (refuses(accept, type)) {
			throw new HttpMediaTypeNotAcceptableException(List.of(type));
		}
	}

	private static boolean refuses(@Nullable String accept, MediaType type) {
		if (accept == null || accept.indexOf(';') < 0) {
			return false;
		}
		List<MediaType> ranges;
		try {
			ranges = MediaType.parseMediaTypes(accept);
		}
		catch (InvalidMediaTypeException ex) {
			return false;
		}
		MediaType deciding = null;
		int decidingSpecificity = -1;
		for (MediaType range : ranges) {
			if (!range.includes(type)) {
				continue;
			}
			int specificity = range.isWildcardType() ? 0 : (range.isWildcardSubtype() ? 1 : 2);
			if (specificity > decidingSpecificity
					|| (specificity == decidingSpecificity && range.getQualityValue() > deciding.getQualityValue())) {
				deciding = range;
				decidingSpecificity = specificity;
			}
		}
		return deciding != null && deciding.getQualityValue() == 0;
	}

	private static boolean acceptable(MediaType type) {
		return type.getQualityValue() > 0;
	}

}
