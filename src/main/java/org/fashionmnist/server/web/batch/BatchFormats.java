package org.fashionmnist.server.web.batch;

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

}
