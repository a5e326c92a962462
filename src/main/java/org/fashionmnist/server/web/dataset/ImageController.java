package org.fashionmnist.server.web.dataset;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springdoc.core.annotations.ParameterObject;

import org.fashionmnist.server.dataset.Dataset;
import org.fashionmnist.server.dataset.LabelSet;
import org.fashionmnist.server.dataset.Selection;
import org.fashionmnist.server.dataset.SplitData;
import org.fashionmnist.server.image.GrayImages;
import org.fashionmnist.server.image.PngEncoder;
import org.fashionmnist.server.web.dataset.ItemFilter.Filtered;
import org.fashionmnist.server.web.http.ApiPaths;
import org.fashionmnist.server.web.http.DatasetLookup;
import org.fashionmnist.server.web.http.ModelLookup;
import org.fashionmnist.server.web.http.Responses;
import org.fashionmnist.server.web.openapi.DatasetParam;
import org.fashionmnist.server.web.openapi.IndexParam;
import org.fashionmnist.server.web.openapi.LabelParam;
import org.fashionmnist.server.web.openapi.SplitParam;
import org.fashionmnist.server.web.problem.Problems;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/** Images as PNG: one at a time, or many in one sprite sheet. */
@RestController
@Tag(name = "Images", description = "Images as 8-bit grayscale PNG, one by one or as sprite sheets")
class ImageController {

	static final int MAX_SPRITE_IMAGES = 2500;

	static final int MAX_SPRITE_COLUMNS = 100;

	static final int MAX_SPRITE_SIDE = 8192;

	private final DatasetLookup lookup;

	private final ModelLookup models;

	ImageController(DatasetLookup lookup, ModelLookup models) {
		this.lookup = lookup;
		this.models = models;
	}

	@GetMapping(path = ApiPaths.IMAGE, produces = MediaType.IMAGE_PNG_VALUE)
	@Operation(summary = "Get one image as PNG",
			description = "8-bit grayscale, (28*scale) x (28*scale) pixels, upscaled by nearest neighbour; the pixel values are "
					+ "exactly the stored bytes, or 255-v with `invert=true`.")
	@ApiResponse(responseCode = "200", description = "The image",
			content = @Content(mediaType = MediaType.IMAGE_PNG_VALUE, schema = @Schema(type = "string", format = "binary")))
	@ApiResponse(responseCode = "400", description = "scale out of 1..16, a negative index, or a value that is not a number")
	@ApiResponse(responseCode = "404", description = "No such dataset or split, or the index is past the end")
	ResponseEntity<byte[]> image(@DatasetParam @PathVariable("dataset") String datasetId, @SplitParam @PathVariable("split") String splitName,
			@IndexParam @PathVariable("index") @Min(0) int index, @ParameterObject @Valid ImageQuery query, WebRequest request) {
		Dataset dataset = this.lookup.dataset(datasetId);
		SplitData split = this.lookup.split(dataset, splitName);
		DatasetLookup.index(split, index);
		return Responses.conditional(request, query.etag(dataset, split, index), Responses.IMMUTABLE, MediaType.IMAGE_PNG,
				() -> query.png(split, index));
	}

	@GetMapping(path = ApiPaths.SPLIT + "/sprite.png", produces = MediaType.IMAGE_PNG_VALUE)
	@Operation(summary = "Get a sprite sheet of many images",
			description = "One 8-bit grayscale PNG grid of `limit` images in row-major order, `columns` to a row, starting at position "
					+ "`offset` of the (filtered) split. Tiles touch (no padding); unused cells of a short last row are black (0). "
					+ "When fewer than `limit` images remain, the grid holds those that remain. The sheet is at most "
					+ MAX_SPRITE_SIDE + " pixels wide and high: columns*28*scale and rows*28*scale must both fit.")
	@ApiResponse(responseCode = "200", description = "The sprite sheet",
			content = @Content(mediaType = MediaType.IMAGE_PNG_VALUE, schema = @Schema(type = "string", format = "binary")))
	@ApiResponse(responseCode = "400", description = "A parameter is out of range, the sheet would be too large, or offset is past the end")
	@ApiResponse(responseCode = "404", description = "No such dataset or split")
	@ApiResponse(responseCode = "503", description = "Filtered by prediction: the model's predictions for the split are still "
			+ "being computed; retry after the time given in Retry-After")
	ResponseEntity<StreamingResponseBody> sprite(@DatasetParam @PathVariable("dataset") String datasetId,
			@SplitParam @PathVariable("split") String splitName,
			@Parameter(description = "Position of the first image in the (filtered) split; must be before its end") @RequestParam(defaultValue = "0") @Min(0) int offset,
			@Parameter(description = "Number of images, 1..2500") @RequestParam(defaultValue = "100") @Min(1) @Max(MAX_SPRITE_IMAGES) int limit,
			@Parameter(description = "Images per row, 1..100") @RequestParam(defaultValue = "10") @Min(1) @Max(MAX_SPRITE_COLUMNS) int columns,
			@Parameter(description = "Upscaling factor of every tile, 1..16") @RequestParam(defaultValue = "1") @Min(1) @Max(ImageQuery.MAX_SCALE) int scale,
			@Parameter(description = "Write 255-v instead of v in every tile") @RequestParam(defaultValue = "false") boolean invert,
			@ParameterObject @Valid ItemFilter filter, WebRequest request) {
		Dataset dataset = this.lookup.dataset(datasetId);
		SplitData split = this.lookup.split(dataset, splitName);
		Filtered filtered = filter.apply(dataset, split, this.models);
		Selection selection = filtered.selection();
		if (offset >= selection.size()) {
			throw Problems.invalidParameter("offset", "must be before the end of the selection, which holds "
					+ selection.size() + " images, found " + offset);
		}
		int count = Math.min(limit, selection.size() - offset);
		int tile = split.side() * scale;
		if ((long) columns * tile > MAX_SPRITE_SIDE) {
			throw Problems.invalidParameter("columns", "times 28*scale must be at most " + MAX_SPRITE_SIDE
					+ " pixels, found " + columns + "*" + tile);
		}
		long rows = (count + columns - 1) / columns;
		if (rows * tile > MAX_SPRITE_SIDE) {
			throw Problems.invalidParameter("limit", "gives " + rows + " rows of " + tile + " pixels, more than "
					+ MAX_SPRITE_SIDE + " pixels; use more columns, fewer images or a smaller scale");
		}
		String etag = filtered.etag(dataset, "sprite", PngEncoder.VERSION, split.split().id(), offset, limit, columns, scale,
				invert ? 1 : 0, filter.labels());
		return Responses.conditional(request, etag, Responses.IMMUTABLE, MediaType.IMAGE_PNG,
				() -> (out) -> GrayImages.spritePng(out, split.imageBytes(),
						(tileIndex) -> split.imageOffset(selection.index(offset + tileIndex)), count, columns, split.side(),
						scale, invert));
	}

	@GetMapping(path = ApiPaths.SPLIT + "/mean.png", produces = MediaType.IMAGE_PNG_VALUE)
	@Operation(summary = "Get the mean image of a split, or of some of its classes",
			description = "8-bit grayscale, (28*scale) x (28*scale) pixels: each pixel is the mean of that pixel over the (filtered) "
					+ "split's images, rounded to the nearest grey level (a half to the even level, as numpy.rint does).")
	@ApiResponse(responseCode = "200", description = "The mean image",
			content = @Content(mediaType = MediaType.IMAGE_PNG_VALUE, schema = @Schema(type = "string", format = "binary")))
	@ApiResponse(responseCode = "400", description = "scale out of 1..16, or a label out of 0..9")
	@ApiResponse(responseCode = "404", description = "No such dataset or split")
	ResponseEntity<byte[]> mean(@DatasetParam @PathVariable("dataset") String datasetId, @SplitParam @PathVariable("split") String splitName,
			@LabelParam @RequestParam(name = "label", required = false) List<@Min(0) @Max(9) Integer> label,
			@Parameter(description = "Upscaling factor, 1.." + ImageQuery.MAX_SCALE) @RequestParam(defaultValue = "1") @Min(1) @Max(ImageQuery.MAX_SCALE) int scale,
			WebRequest request) {
		Dataset dataset = this.lookup.dataset(datasetId);
		SplitData split = this.lookup.split(dataset, splitName);
		LabelSet labels = LabelSet.of(label);
		String etag = Responses.etag(dataset, "mean", PngEncoder.VERSION, split.split().id(), scale, labels);
		return Responses.conditional(request, etag, Responses.IMMUTABLE, MediaType.IMAGE_PNG,
				() -> GrayImages.png(split.meanImage(labels), 0, split.side(), scale, false));
	}

}
