package org.fashionmnist.server.web.dataset;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.fashionmnist.server.dataset.DataFile;
import org.fashionmnist.server.dataset.Dataset;
import org.fashionmnist.server.dataset.DatasetCatalog;
import org.fashionmnist.server.dataset.PixelStats;
import org.fashionmnist.server.dataset.Split;
import org.fashionmnist.server.dataset.SplitData;
import org.fashionmnist.server.web.http.ApiPaths;
import org.fashionmnist.server.web.http.DatasetLookup;
import org.fashionmnist.server.web.http.Responses;
import org.fashionmnist.server.web.openapi.OpenApiConfiguration;
import org.fashionmnist.server.web.problem.Problems;

import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.Resource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** The datasets, their description and statistics, and their original files. */
@RestController
@RequestMapping(ApiPaths.DATASETS)
@Tag(name = "Datasets", description = "The datasets held, their classes, statistics and original files")
class DatasetController {

	static final MediaType GZIP = MediaType.parseMediaType("application/gzip");

	private final DatasetLookup lookup;

	private final DatasetCatalog catalog;

	private final SplitArrays arrays;

	DatasetController(DatasetLookup lookup, DatasetCatalog catalog, SplitArrays arrays) {
		this.lookup = lookup;
		this.catalog = catalog;
		this.arrays = arrays;
	}

	@GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "List the datasets",
			description = "Every dataset the server holds, with its title, its splits and the URL of its description. "
					+ "The bundled one is `fashion-mnist`.")
	@ApiResponse(responseCode = "200", description = "The datasets")
	@ApiResponse(responseCode = "406", description = OpenApiConfiguration.NOT_ACCEPTABLE)
	ResponseEntity<DatasetList> datasets(WebRequest request) {
		String base = ServletUriComponentsBuilder.fromCurrentRequestUri().replaceQuery(null).toUriString();
		// The datasets never change while the server runs: their content fingerprints tag the list.
		String etag = '"' + this.catalog.all().stream().map(Dataset::version).collect(Collectors.joining(".")) + "-datasets\"";
		return Responses.json(request, etag, () -> new DatasetList(this.catalog.all()
			.stream()
			.map((dataset) -> new DatasetSummary(dataset.id(), dataset.info().title(), splitIds(), base + "/" + dataset.id()))
			.toList()));
	}

	@GetMapping(path = "/{dataset}", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Describe a dataset",
			description = "Classes, split sizes and class counts, train pixel statistics, the original files with their checksums, "
					+ "and each split's whole arrays (images.npy, labels.npy) with their sizes and SHA-256, to check a download against.")
	@ApiResponse(responseCode = "200", description = "The dataset")
	@ApiResponse(responseCode = "404", description = "No such dataset")
	ResponseEntity<DatasetDetail> dataset(@Parameter(description = "Dataset id", example = "fashion-mnist") @PathVariable("dataset") String datasetId,
			WebRequest request) {
		Dataset dataset = this.lookup.dataset(datasetId);
		return Responses.json(request, Responses.etag(dataset, "dataset"), () -> DatasetDetail.of(dataset, this.arrays));
	}

	@GetMapping(path = "/{dataset}/files/{file}", produces = { "application/gzip", MediaType.APPLICATION_OCTET_STREAM_VALUE })
	@Operation(operationId = "originalFile", summary = "Download an original file",
			description = "The original gzip IDX file, byte for byte, so that a loader's download mirror can point at "
					+ "`/api/v1/datasets/fashion-mnist/files/` and its MD5 check passes. Range requests are supported.")
	@ApiResponse(responseCode = "200", description = "The file", content = @Content(mediaType = "application/gzip", schema = @Schema(type = "string", format = "binary")))
	@ApiResponse(responseCode = "206", description = "The requested byte range", content = @Content(mediaType = "application/gzip", schema = @Schema(type = "string", format = "binary")))
	@ApiResponse(responseCode = "404", description = "No such dataset or file")
	@ApiResponse(responseCode = "416", description = ArrayController.RANGE_NOT_SATISFIABLE)
	ResponseEntity<Resource> file(@Parameter(description = "Dataset id", example = "fashion-mnist") @PathVariable("dataset") String datasetId,
			@Parameter(description = "One of the dataset's file names", example = "train-images-idx3-ubyte.gz") @PathVariable("file") String fileName,
			WebRequest request) {
		Dataset dataset = this.lookup.dataset(datasetId);
		DataFile file = dataset.files()
			.stream()
			.filter((candidate) -> candidate.name().equals(fileName))
			.findFirst()
			.orElseThrow(() -> Problems.notFound("There is no file '" + fileName + "' in " + dataset.id() + ". Files: "
					+ dataset.files().stream().map(DataFile::name).collect(Collectors.joining(", ")) + "."));
		return Responses.download(request, '"' + file.sha256() + '"', GZIP, file.name(), () -> new ByteArrayResource(file.content()) {
			@Override
			public String getFilename() {
				return file.name();
			}
		});
	}

	private static List<String> splitIds() {
		return List.of(Split.TRAIN.id(), Split.TEST.id());
	}

	record DatasetList(List<DatasetSummary> datasets) {
	}

	record DatasetSummary(String id, String title, List<String> splits, String href) {
	}

	record ClassInfo(int label, String name) {
	}

	/**
	 * One split.
	 * @param arrays its whole arrays as served below the split ({@code images.npy}, {@code labels.npy})
	 */
	record SplitInfo(int size, int[] classCounts, List<SplitArrays.ArrayInfo> arrays) {
	}

	record FileInfo(String name, long size, String md5, String sha256) {
	}

	record DatasetDetail(String id, String title, String description, String license, String homepage, String citation,
			int[] imageShape, List<ClassInfo> classes, Map<String, SplitInfo> splits,
			PixelStats pixelStats, List<FileInfo> files) {

		static DatasetDetail of(Dataset dataset, SplitArrays arrays) {
			var info = dataset.info();
			List<ClassInfo> classes = new ArrayList<>();
			for (int label = 0; label < info.numClasses(); label++) {
				classes.add(new ClassInfo(label, info.className(label)));
			}
			Map<String, SplitInfo> splits = new LinkedHashMap<>();
			for (Split split : Split.values()) {
				SplitData data = dataset.split(split);
				splits.put(split.id(), new SplitInfo(data.size(), data.classCounts(), arrays.describe(dataset, data)));
			}
			List<FileInfo> files = dataset.files()
				.stream()
				.map((file) -> new FileInfo(file.name(), file.size(), file.md5(), file.sha256()))
				.toList();
			return new DatasetDetail(dataset.id(), info.title(), info.description(), info.license(), info.homepage(),
					info.citation(), new int[] { info.imageSide(), info.imageSide() }, classes, splits,
					dataset.pixelStats(), files);
		}

	}

}
