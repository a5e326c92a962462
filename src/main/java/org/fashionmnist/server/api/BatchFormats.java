package org.fashionmnist.server.api;

import java.util.List;

import org.fashionmnist.server.tensor.TensorFormat;

import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

/** Chooses a batch's format: the {@code format} parameter, else what the Accept header prefers. */
final class BatchFormats {

	private static final List<MediaType> NPZ_TYPES = List.of(MediaType.parseMediaType("application/zip"),
			MediaType.parseMediaType("application/x-npz"));

	private BatchFormats() {
	}

	/**
	 * {@code format} when given; otherwise json when the Accept header names {@code application/json}
	 * with a higher quality than {@code application/zip} (or {@code application/x-npz}), else npz.
	 * Wildcards prefer nothing, so browsers and {@code Accept: *}{@code /*} get npz.
	 */
	static TensorFormat negotiate(TensorFormat format, String accept) {
		if (format != null) {
			return format;
		}
		if (accept == null || accept.isBlank()) {
			return TensorFormat.NPZ;
		}
		List<MediaType> accepted;
		try {
			accepted = MediaType.parseMediaTypes(accept);
		}
		catch (InvalidMediaTypeException ex) {
			return TensorFormat.NPZ;
		}
		double json = 0;
		double npz = 0;
		for (MediaType type : accepted) {
			if (type.isWildcardType() || type.isWildcardSubtype()) {
				continue;
			}
			if (MediaType.APPLICATION_JSON.equalsTypeAndSubtype(type)) {
				json = Math.max(json, type.getQualityValue());
			}
			else if (NPZ_TYPES.stream().anyMatch(type::equalsTypeAndSubtype)) {
				npz = Math.max(npz, type.getQualityValue());
			}
		}
		return (json > npz) ? TensorFormat.JSON : TensorFormat.NPZ;
	}

	/**
	 * Whether the Accept header refuses {@code type}: the most specific of its ranges that covers the type
	 * weighs it {@code q=0} (RFC 9110, section 12.5.1), as {@code application/zip;q=0} or
	 * {@code *}{@code /*;q=0} alone do. A header that only names other types refuses nothing: a batch is then
	 * sent in its format all the same, as RFC 9110 allows, and as a client asking for
	 * {@code application/octet-stream} expects.
	 */
	static boolean refuses(String accept, MediaType type) {
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

}
