package org.fashionmnist.server.web.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.zip.CRC32;

import org.jspecify.annotations.Nullable;

import org.fashionmnist.server.dataset.Dataset;
import org.fashionmnist.server.web.problem.Problems;

import org.springframework.core.io.InputStreamResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRange;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Conditional, cacheable responses for dataset content, which never changes while the server runs.
 * The entity tag is derived from the dataset's content fingerprint and the request's normalised
 * parameters, so it is known before the body is built and a 304 costs nothing: strong for images, arrays,
 * files and batches, weak for JSON documents, which the container compresses.
 */
public final class Responses {

	/** For binary content (images, arrays, files): the same URL always has the same bytes. */
	public static final CacheControl IMMUTABLE = CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable();

	/** For JSON documents: cheap to revalidate, and their shape may change with a new server version. */
	public static final CacheControl REVALIDATE = CacheControl.noCache().cachePublic();

	private Responses() {
	}

	/**
	 * A strong tag from the dataset's fingerprint and the given parts. Commas inside a part (a label
	 * filter prints as {@code 3,5}) become dots: {@code If-None-Match} lists tags separated by commas.
	 */
	public static String etag(Dataset dataset, Object... parts) {
		StringBuilder tag = new StringBuilder(64).append('"').append(dataset.version());
		for (Object part : parts) {
			tag.append('-').append(String.valueOf(part).replace(',', '.'));
		}
		return tag.append('"').toString();
	}

	/** 304 when {@code If-None-Match} matches {@code etag}; otherwise 200 with the body, built only then. */
	public static <T> ResponseEntity<T> conditional(WebRequest request, String etag, CacheControl cacheControl,
			MediaType contentType, Supplier<T> body) {
		return conditional(request, etag, cacheControl, contentType, HttpHeaders.EMPTY, body);
	}

	/** As above, with {@code headers} (such as {@code Link} or counts) on the 304 and the 200 alike. */
	public static <T> ResponseEntity<T> conditional(WebRequest request, String etag, CacheControl cacheControl,
			MediaType contentType, HttpHeaders headers, Supplier<T> body) {
		if (matches(request.getHeaderValues(HttpHeaders.IF_NONE_MATCH), etag)) {
			return ResponseEntity.status(HttpStatus.NOT_MODIFIED).headers(headers).eTag(etag).cacheControl(cacheControl).build();
		}
		return ok(etag, cacheControl, contentType, headers, body);
	}

	/**
	 * As {@link #conditional}, for a body that may be sent gzip-compressed (a JSON batch), which is another
	 * representation with its own strong tag, the identity tag with {@code -gzip} appended (as Apache httpd
	 * names it): compressed when {@code Accept-Encoding} allows it, and a 304 names the representation the
	 * client holds. Both carry {@code Vary: Accept-Encoding}.
	 * @param body the body, compressed or not
	 */
	public static <T> ResponseEntity<T> compressible(WebRequest request, String etag, CacheControl cacheControl,
			MediaType contentType, HttpHeaders headers, Function<Boolean, T> body) {
		String held = heldTag(request.getHeaderValues(HttpHeaders.IF_NONE_MATCH), etag);
		if (held != null) {
			return notModified(held, cacheControl, headers);
		}
		HttpHeaders varying = new HttpHeaders();
		varying.putAll(headers);
		varying.add(HttpHeaders.VARY, HttpHeaders.ACCEPT_ENCODING);
		if (!ContentCodings.acceptsGzip(request.getHeaderValues(HttpHeaders.ACCEPT_ENCODING))) {
			return ok(etag, cacheControl, contentType, varying, () -> body.apply(false));
		}
		varying.set(HttpHeaders.CONTENT_ENCODING, "gzip");
		return ok(gzipTag(etag), cacheControl, contentType, varying, () -> body.apply(true));
	}

	/** The strong entity tag of the gzip representation of the body tagged {@code etag}. */
	static String gzipTag(String etag) {
		return etag.substring(0, etag.length() - 1) + "-gzip\"";
	}

	/**
	 * The 304 of a representation that has a gzip variant: the tag of the one held, and, as RFC 9110 asks,
	 * the 200's {@code Vary: Accept-Encoding} with its other headers.
	 */
	private static <T> ResponseEntity<T> notModified(String held, CacheControl cacheControl, HttpHeaders headers) {
		return ResponseEntity.status(HttpStatus.NOT_MODIFIED)
			.headers(headers)
			.eTag(held)
			.cacheControl(cacheControl)
			.header(HttpHeaders.VARY, HttpHeaders.ACCEPT_ENCODING)
			.build();
	}

	/**
	 * A JSON document: as {@link #conditional}, revalidated, with a weak tag, so that the container
	 * compresses it for clients that accept gzip (Tomcat compresses no body with a strong tag, which would
	 * have to differ per encoding). The 200 and the 304 alike carry {@code Vary: Accept-Encoding}, as RFC 9110
	 * asks of a 304. Its tag is {@code documentTag} marked with the request's origin.
	 */
	public static <T> ResponseEntity<T> json(WebRequest request, String documentTag, HttpHeaders headers, Supplier<T> body) {
		String etag = "W/" + withOrigin(documentTag);
		HttpHeaders varying = new HttpHeaders();
		varying.putAll(headers);
		varying.add(HttpHeaders.VARY, HttpHeaders.ACCEPT_ENCODING);
		if (matches(request.getHeaderValues(HttpHeaders.IF_NONE_MATCH), etag)) {
			return ResponseEntity.status(HttpStatus.NOT_MODIFIED).headers(varying).eTag(etag).cacheControl(REVALIDATE).build();
		}
		return ok(etag, REVALIDATE, MediaType.APPLICATION_JSON, varying, body);
	}

	/** {@link #json(WebRequest, String, HttpHeaders, Supplier)} without headers of its own. */
	public static <T> ResponseEntity<T> json(WebRequest request, String etag, Supplier<T> body) {
		return json(request, etag, HttpHeaders.EMPTY, body);
	}

	/**
	 * {@code etag} marked with the origin the request was made to ({@code Host}, or {@code X-Forwarded-*}
	 * from a trusted proxy): documents hold absolute URLs built from it, so the same path has other bytes
	 * at another origin, and their tags must tell them apart.
	 */
	private static String withOrigin(String etag) {
		String origin = ServletUriComponentsBuilder.fromCurrentContextPath().toUriString();
		CRC32 crc = new CRC32();
		crc.update(origin.getBytes(StandardCharsets.UTF_8));
		return etag.substring(0, etag.length() - 1) + "-o" + Long.toHexString(crc.getValue()) + '"';
	}

	private static <T> ResponseEntity<T> ok(String etag, CacheControl cacheControl, MediaType contentType, HttpHeaders headers,
			Supplier<T> body) {
		return ResponseEntity.ok()
			.headers(headers)
			.eTag(etag)
			.cacheControl(cacheControl)
			.contentType(contentType)
			.body(body.get());
	}

	/**
	 * A file to download, whole or in byte ranges so that a download can resume: {@link #conditional},
	 * immutable, saved under {@code filename}, and with {@code Range} honoured as RFC 9110 asks. Spring
	 * MVC sends the 206 of a satisfiable byte range; here a {@code Range} in another unit, or with an
	 * {@code If-Range} other than the entity tag (strong comparison; no date matches, as none is sent),
	 * is ignored (200, every byte), and one that selects no byte or is not valid is a 416 problem.
	 */
	public static ResponseEntity<Resource> download(WebRequest request, String etag, MediaType contentType, String filename,
			Supplier<Resource> body) {
		HttpHeaders headers = new HttpHeaders();
		headers.setContentDisposition(ContentDisposition.attachment().filename(filename).build());
		ResponseEntity<Resource> response = conditional(request, etag, IMMUTABLE, contentType, headers, body);
		String range = request.getHeader(HttpHeaders.RANGE);
		if (range == null || response.getStatusCode() != HttpStatus.OK || response.getBody() == null) {
			return response;
		}
		Resource resource = response.getBody();
		long length = contentLength(resource);
		String ifRange = request.getHeader(HttpHeaders.IF_RANGE);
		if (!range.startsWith("bytes=") || (ifRange != null && !ifRange.trim().equals(etag))) {
			// Spring MVC applies the Range of any Resource body but an InputStreamResource.
			return ResponseEntity.ok()
				.headers(response.getHeaders())
				.header(HttpHeaders.ACCEPT_RANGES, "bytes")
				.contentLength(length)
				.body(new InputStreamResource(inputStream(resource)));
		}
		try {
			// Spring MVC would answer "bytes=" (no range at all) with an empty 206.
			List<HttpRange> ranges = HttpRange.parseRanges(range);
			if (!ranges.isEmpty()) {
				HttpRange.toResourceRegions(ranges, resource);
				return response;
			}
		}
		catch (IllegalArgumentException ex) {
			// Not a byte range, or none of its bytes in the file: the same answer.
		}
		throw Problems.rangeNotSatisfiable(range, length);
	}

	private static long contentLength(Resource resource) {
		try {
			return resource.contentLength();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static InputStream inputStream(Resource resource) {
		try {
			return resource.getInputStream();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** A tag without its weakness marker: {@code If-None-Match} compares tags weakly (RFC 9110, 13.1.2). */
	private static String opaque(String tag) {
		return tag.startsWith("W/") ? tag.substring(2) : tag;
	}

	/**
	 * Whether {@code If-None-Match} names the identity representation or its gzip variant, with the
	 * weak comparison RFC 9110 prescribes for this header.
	 */
	public static boolean matches(String[] ifNoneMatch, String etag) {
		return heldTag(ifNoneMatch, etag) != null;
	}

	/**
	 * The tag of the representation {@code If-None-Match} names: {@code etag} when it names that or
	 * {@code *}, else the gzip variant's tag when it names that, else null.
	 */
	private static @Nullable String heldTag(String @Nullable [] ifNoneMatch, String etag) {
		if (ifNoneMatch == null) {
			return null;
		}
		String opaque = opaque(etag);
		String gzipTag = gzipTag(opaque);
		String held = null;
		for (String header : ifNoneMatch) {
			for (String candidate : header.split(",")) {
				String tag = opaque(candidate.trim());
				if (tag.equals("*") || tag.equals(opaque)) {
					return etag;
				}
				held = tag.equals(gzipTag) ? gzipTag : held;
			}
		}
		return held;
	}

}
