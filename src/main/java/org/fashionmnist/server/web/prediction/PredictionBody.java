package org.fashionmnist.server.web.prediction;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.fashionmnist.server.web.prediction.PredictionBodies.FileParts;
import org.fashionmnist.server.web.prediction.PredictionBodies.InstancesBody;

import org.springframework.http.MediaType;

/**
 * The bodies a prediction takes, listed once: the media types its endpoint accepts (any other is a 415,
 * {@link PredictionMediaTypes}), how each is read ({@link PredictionInputs}), and the schema the OpenAPI
 * description shows for each ({@link PredictionOpenApi}).
 */
enum PredictionBody {

	PNG(MediaType.IMAGE_PNG, Form.PICTURE, null),

	JPEG(MediaType.IMAGE_JPEG, Form.PICTURE, null),

	GIF(MediaType.IMAGE_GIF, Form.PICTURE, null),

	BMP(MediaType.parseMediaType("image/bmp"), Form.PICTURE, null),

	MULTIPART(MediaType.MULTIPART_FORM_DATA, Form.FILE_PARTS, FileParts.class),

	JSON(MediaType.APPLICATION_JSON, Form.INSTANCES, InstancesBody.class),

	NPY(MediaType.parseMediaType("application/x-npy"), Form.NPY, null),

	/** What a browser sends a file of unknown type as: a {@code .npy}, or else a picture. */
	OCTET_STREAM(MediaType.APPLICATION_OCTET_STREAM, Form.NPY_OR_PICTURE, null);

	/** How a body is read. */
	enum Form {

		PICTURE, FILE_PARTS, INSTANCES, NPY, NPY_OR_PICTURE

	}

	private static final List<MediaType> MEDIA_TYPES = Arrays.stream(values()).map(PredictionBody::mediaType).toList();

	private final MediaType mediaType;

	private final Form form;

	private final @Nullable Class<?> schema;

	PredictionBody(MediaType mediaType, Form form, @Nullable Class<?> schema) {
		this.mediaType = mediaType;
		this.form = form;
		this.schema = schema;
	}

	MediaType mediaType() {
		return this.mediaType;
	}

	Form form() {
		return this.form;
	}

	/** The class whose schema describes the body, or null for bytes (a binary string). */
	@Nullable Class<?> schema() {
		return this.schema;
	}

	/** Every media type a prediction accepts, in this order. */
	static List<MediaType> mediaTypes() {
		return MEDIA_TYPES;
	}

	/** The body a request's {@code Content-Type} names, matched as Spring MVC matches {@code consumes}. */
	static Optional<PredictionBody> of(MediaType contentType) {
		return Arrays.stream(values()).filter((body) -> body.mediaType.includes(contentType)).findFirst();
	}

}
