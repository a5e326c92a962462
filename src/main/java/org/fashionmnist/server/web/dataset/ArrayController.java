package org.fashionmnist.server.web.dataset;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.fashionmnist.server.dataset.Dataset;
import org.fashionmnist.server.dataset.SplitData;
import org.fashionmnist.server.web.http.ApiPaths;
import org.fashionmnist.server.web.http.DatasetLookup;
import org.fashionmnist.server.web.http.Responses;
import org.fashionmnist.server.web.openapi.DatasetParam;
import org.fashionmnist.server.web.openapi.SplitParam;

import org.springframework.core.io.AbstractResource;
import org.springframework.core.io.Resource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.WebRequest;

/** Whole splits as {@code .npy} arrays, streamed from memory, with Range support for resumable downloads. */
@RestController
@RequestMapping(ApiPaths.SPLIT)
@Tag(name = "Whole arrays", description = "A whole split as one .npy array")
class ArrayController {

	static final MediaType NPY = MediaType.parseMediaType("application/x-npy");

	/** The 416 of a download (images.npy, labels.npy, the original files). */
	static final String RANGE_NOT_SATISFIABLE = "The Range selects no byte of the file, or is not a valid byte range "
			+ "(Content-Range: bytes */LENGTH). A Range in another unit, or whose If-Range is not the ETag, is ignored: 200.";

	private final DatasetLookup lookup;

	ArrayController(DatasetLookup lookup) {
		this.lookup = lookup;
	}

	@GetMapping(path = "/images.npy", produces = { "application/x-npy", MediaType.APPLICATION_OCTET_STREAM_VALUE })
	@Operation(operationId = "imagesNpy", summary = "Download every image of a split as one uint8 array [N,28,28]",
			description = "A .npy file (format 1.0) that `numpy.load` opens; streamed with Content-Length. Range requests work, so a download can resume.")
	@ApiResponse(responseCode = "200", description = "The array", content = @Content(mediaType = "application/x-npy", schema = @Schema(type = "string", format = "binary")))
	@ApiResponse(responseCode = "206", description = "The requested byte range", content = @Content(mediaType = "application/x-npy", schema = @Schema(type = "string", format = "binary")))
	@ApiResponse(responseCode = "404", description = "No such dataset or split")
	@ApiResponse(responseCode = "416", description = RANGE_NOT_SATISFIABLE)
	ResponseEntity<Resource> images(@DatasetParam @PathVariable("dataset") String datasetId, @SplitParam @PathVariable("split") String splitName,
			WebRequest request) {
		Dataset dataset = this.lookup.dataset(datasetId);
		SplitData split = this.lookup.split(dataset, splitName);
		return npy(request, dataset, split, "images", SplitArrays.of(split, SplitArrays.IMAGES));
	}

	@GetMapping(path = "/labels.npy", produces = { "application/x-npy", MediaType.APPLICATION_OCTET_STREAM_VALUE })
	@Operation(operationId = "labelsNpy", summary = "Download every label of a split as one uint8 array [N]",
			description = "A .npy file (format 1.0); Range requests work.")
	@ApiResponse(responseCode = "200", description = "The array", content = @Content(mediaType = "application/x-npy", schema = @Schema(type = "string", format = "binary")))
	@ApiResponse(responseCode = "206", description = "The requested byte range", content = @Content(mediaType = "application/x-npy", schema = @Schema(type = "string", format = "binary")))
	@ApiResponse(responseCode = "404", description = "No such dataset or split")
	@ApiResponse(responseCode = "416", description = RANGE_NOT_SATISFIABLE)
	ResponseEntity<Resource> labels(@DatasetParam @PathVariable("dataset") String datasetId, @SplitParam @PathVariable("split") String splitName,
			WebRequest request) {
		Dataset dataset = this.lookup.dataset(datasetId);
		SplitData split = this.lookup.split(dataset, splitName);
		return npy(request, dataset, split, "labels", SplitArrays.of(split, SplitArrays.LABELS));
	}

	/** The array, as the download {@code <dataset>-<split>-<name>.npy}. */
	private static ResponseEntity<Resource> npy(WebRequest request, Dataset dataset, SplitData split, String name,
			SplitArrays.NpyArray array) {
		String etag = Responses.etag(dataset, name + ".npy", split.split().id());
		String filename = dataset.id() + "-" + split.split().id() + "-" + name + ".npy";
		return Responses.download(request, etag, NPY, filename, () -> new NpyResource(filename, array.header(), array.data()));
	}

	/** A .npy file made of its header and the shared data array, read without copying either. */
	private static final class NpyResource extends AbstractResource {

		private final String filename;

		private final byte[] header;

		private final byte[] data;

		NpyResource(String filename, byte[] header, byte[] data) {
			this.filename = filename;
			this.header = header;
			this.data = data;
		}

		@Override
		public InputStream getInputStream() {
			return new SequenceInputStream(new ByteArrayInputStream(this.header), new ByteArrayInputStream(this.data));
		}

		@Override
		public long contentLength() {
			return (long) this.header.length + this.data.length;
		}

		@Override
		public String getFilename() {
			return this.filename;
		}

		@Override
		public String getDescription() {
			return "npy array " + this.filename;
		}

	}

}
