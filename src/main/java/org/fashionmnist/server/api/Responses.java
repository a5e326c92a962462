package org.fashionmnist.server.api;

import java.time.Duration;
import java.util.function.Supplier;

import org.fashionmnist.server.dataset.Dataset;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.context.request.WebRequest;

/**
 * Conditional, cacheable responses for dataset content, which never changes while the server runs.
 * The strong entity tag is derived from the dataset's content fingerprint and the request's
 * normalised parameters, so it is known before the body is built and a 304 costs nothing.
 */
final class Responses {

	/** For binary content (images, arrays, files): the same URL always has the same bytes. */
	static final CacheControl IMMUTABLE = CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable();

	/** For JSON documents: cheap to revalidate, and their shape may change with a new server version. */
	static final CacheControl REVALIDATE = CacheControl.noCache().cachePublic();

	private Responses() {
	}

	/**
	 * A strong tag from the dataset's fingerprint and the given parts. Commas inside a part (a label
	 * filter prints as {@code 3,5}) become dots: {@code If-None-Match} lists tags separated by commas.
	 */
	static String etag(Dataset dataset, Object... parts) {
		StringBuilder tag = new StringBuilder(64).append('"').append(dataset.version());
		for (Object part : parts) {
			tag.append('-').append(String.valueOf(part).replace(',', '.'));
		}
		return tag.append('"').toString();
	}

	/** 304 when {@code If-None-Match} matches {@code etag}; otherwise 200 with the body, built only then. */
	static <T> ResponseEntity<T> conditional(WebRequest request, String etag, CacheControl cacheControl,
			MediaType contentType, Supplier<T> body) {
		return conditional(request, etag, cacheControl, contentType, HttpHeaders.EMPTY, body);
	}

	/** As above, with {@code headers} (such as {@code Link} or counts) on the 304 and the 200 alike. */
	static <T> ResponseEntity<T> conditional(WebRequest request, String etag, CacheControl cacheControl,
			MediaType contentType, HttpHeaders headers, Supplier<T> body) {
		if (matches(request.getHeaderValues(HttpHeaders.IF_NONE_MATCH), etag)) {
			return ResponseEntity.status(HttpStatus.NOT_MODIFIED).headers(headers).eTag(etag).cacheControl(cacheControl).build();
		}
		return ResponseEntity.ok()
			.headers(headers)
			.eTag(etag)
			.cacheControl(cacheControl)
			.contentType(contentType)
			.body(body.get());
	}

	/**
	 * Whether {@code If-None-Match} names the identity representation or its gzip variant, with the
	 * weak comparison RFC 9110 prescribes for this header.
	 */
	static boolean matches(String[] ifNoneMatch, String etag) {
		if (ifNoneMatch == null) {
			return false;
		}
		String gzipTag = GzipJsonHttpMessageConverter.gzipTag(etag);
		for (String header : ifNoneMatch) {
			for (String candidate : header.split(",")) {
				String tag = candidate.trim();
				tag = tag.startsWith("W/") ? tag.substring(2) : tag;
				if (tag.equals("*") || tag.equals(etag) || tag.equals(gzipTag)) {
					return true;
				}
			}
		}
		return false;
	}

}
