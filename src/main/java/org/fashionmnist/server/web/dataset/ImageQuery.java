package org.fashionmnist.server.web.dataset;

import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.fashionmnist.server.dataset.Dataset;
import org.fashionmnist.server.dataset.SplitData;
import org.fashionmnist.server.image.GrayImages;
import org.fashionmnist.server.image.PngEncoder;
import org.fashionmnist.server.web.http.Responses;

/**
 * The query of one stored image as PNG, declared once: {@link ImageController} binds it (validated),
 * {@link ImageFastPath} parses the plain form into it, and both take the image's entity tag and bytes from
 * here.
 */
record ImageQuery(
		@Parameter(description = "Upscaling factor, 1.." + MAX_SCALE, schema = @Schema(type = "integer", format = "int32",
				defaultValue = "1")) @Min(1) @Max(MAX_SCALE) Integer scale,
		@Parameter(description = "Write 255-v instead of v (dark article on light background)",
				schema = @Schema(type = "boolean", defaultValue = "false")) Boolean invert) {

	static final int MAX_SCALE = 16;

	static final ImageQuery DEFAULTS = new ImageQuery(null, null);

	ImageQuery {
		scale = (scale != null) ? scale : 1;
		invert = (invert != null) ? invert : false;
	}

	/** The strong entity tag of the image at {@code index}: the dataset's content, the encoder's version, this query. */
	String etag(Dataset dataset, SplitData split, int index) {
		return Responses.etag(dataset, PngEncoder.VERSION, split.split().id(), index, this.scale, this.invert ? 1 : 0);
	}

	/** The image at {@code index} as PNG. */
	byte[] png(SplitData split, int index) {
		return GrayImages.png(split.imageBytes(), split.imageOffset(index), split.side(), this.scale, this.invert);
	}

}
