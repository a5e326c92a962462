package org.fashionmnist.server.web.dataset;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.jspecify.annotations.Nullable;
import org.springdoc.core.annotations.ParameterObject;

import org.fashionmnist.server.dataset.Dataset;
import org.fashionmnist.server.dataset.Selection;
import org.fashionmnist.server.dataset.SplitData;
import org.fashionmnist.server.inference.SplitPredictions;
import org.fashionmnist.server.web.dataset.ItemFilter.Filtered;
import org.fashionmnist.server.web.http.ApiPaths;
import org.fashionmnist.server.web.http.DatasetLookup;
import org.fashionmnist.server.web.http.ModelLookup;
import org.fashionmnist.server.web.http.Responses;
import org.fashionmnist.server.web.openapi.DatasetParam;
import org.fashionmnist.server.web.openapi.IndexParam;
import org.fashionmnist.server.web.openapi.SplitParam;
import org.fashionmnist.server.web.problem.Problems;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import org.springframework.web.util.UriComponentsBuilder;

/** Items (index, label, class name, image link) page by page, one item with its pixels, and labels. */
@RestController
@RequestMapping(path = ApiPaths.SPLIT, produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Items", description = "Items of a split with their labels, page by page or one at a time")
class ItemController {

	/** The longest Link header sent with absolute URLs, well inside Tomcat's 8 KiB of response headers. */
	private static final int MAX_LINK_HEADER = 4096;

	static final int MAX_PAGE_SIZE = 1000;

	private final DatasetLookup lookup;

	private final ModelLookup models;

	ItemController(DatasetLookup lookup, ModelLookup models) {
		this.lookup = lookup;
		this.models = models;
	}

	@GetMapping("/items")
	@Operation(summary = "List items, page by page",
			description = "Items in ascending index order, optionally only those of some classes, or those a model predicts as "
					+ "some classes, or rightly or wrongly (the filters combine; original indices are kept). "
					+ "A page past the end is an empty list; `totalItems` and `totalPages` say where the data ends. "
					+ "The `Link` header (RFC 8288) has first, prev, next and last; `X-Total-Count` has `totalItems`.")
	@ApiResponse(responseCode = "200", description = "One page of items")
	@ApiResponse(responseCode = "400", description = "A parameter is out of range or not a number")
	@ApiResponse(responseCode = "404", description = "No such dataset or split")
	@ApiResponse(responseCode = "503", description = "Filtered by prediction: the model's predictions for the split are still "
			+ "being computed (after start-up, seconds for test, longer for train); retry after the time given in Retry-After")
	ResponseEntity<ItemPage> items(@DatasetParam @PathVariable("dataset") String datasetId, @SplitParam @PathVariable("split") String splitName,
			@Parameter(description = "0-based page number") @RequestParam(defaultValue = "0") @Min(0) int page,
			@Parameter(description = "Items per page, 1..1000") @RequestParam(defaultValue = "50") @Min(1) @Max(MAX_PAGE_SIZE) int size,
			@ParameterObject @Valid ItemFilter filter, WebRequest request) {
		Dataset dataset = this.lookup.dataset(datasetId);
		SplitData split = this.lookup.split(dataset, splitName);
		Filtered filtered = filter.apply(dataset, split, this.models);
		int total = filtered.selection().size();
		int totalPages = (total + size - 1) / size;
		String etag = filtered.etag(dataset, "items", split.split().id(), page, size, filter.labels());
		HttpHeaders headers = new HttpHeaders();
		headers.set(HttpHeaders.LINK, links(dataset, split, size, filter, page, totalPages));
		headers.set("X-Total-Count", Integer.toString(total));
		return Responses.json(request, etag, headers,
				() -> new ItemPage(items(dataset, split, filtered, (long) page * size, size), page, size, total, totalPages));
	}

	@GetMapping("/items/{index}")
	@Operation(summary = "Get one item with its pixels", description = "`pixels` holds 28 rows of 28 values 0..255.")
	@ApiResponse(responseCode = "200", description = "The item")
	@ApiResponse(responseCode = "400", description = "The index is negative or not a number")
	@ApiResponse(responseCode = "404", description = "No such dataset or split, or the index is past the end")
	ResponseEntity<ItemDetail> item(@DatasetParam @PathVariable("dataset") String datasetId, @SplitParam @PathVariable("split") String splitName,
			@IndexParam @PathVariable("index") @Min(0) int index, WebRequest request) {
		Dataset dataset = this.lookup.dataset(datasetId);
		SplitData split = this.lookup.split(dataset, splitName);
		DatasetLookup.index(split, index);
		String etag = Responses.etag(dataset, "item", split.split().id(), index);
		return Responses.json(request, etag, () -> ItemDetail.of(dataset, split, index, imageUrlPrefix(datasetId, split)));
	}

	@GetMapping("/labels")
	@Operation(summary = "Get a range of labels",
			description = "`limit` is 1 up to the split size; `offset` is 0 up to the split size, where the list is empty.")
	@ApiResponse(responseCode = "200", description = "The labels of items offset .. offset+limit-1 (fewer at the end)")
	@ApiResponse(responseCode = "400", description = "offset or limit out of range")
	@ApiResponse(responseCode = "404", description = "No such dataset or split")
	ResponseEntity<LabelRange> labels(@DatasetParam @PathVariable("dataset") String datasetId, @SplitParam @PathVariable("split") String splitName,
			@Parameter(description = "First index, 0 up to the split size (60,000 train, 10,000 test)") @RequestParam(defaultValue = "0") @Min(0) int offset,
			@Parameter(description = "How many labels, 1 up to the split size") @RequestParam(defaultValue = "1000") @Min(1) int limit,
			WebRequest request) {
		Dataset dataset = this.lookup.dataset(datasetId);
		SplitData split = this.lookup.split(dataset, splitName);
		if (offset > split.size()) {
			throw Problems.invalidParameter("offset", "must be at most the split size " + split.size() + ", found " + offset);
		}
		if (limit > split.size()) {
			throw Problems.invalidParameter("limit", "must be at most the split size " + split.size() + ", found " + limit);
		}
		int end = (int) Math.min((long) offset + limit, split.size());
		String etag = Responses.etag(dataset, "labels", split.split().id(), offset, limit);
		return Responses.json(request, etag, () -> {
			int[] labels = new int[end - offset];
			for (int i = 0; i < labels.length; i++) {
				labels[i] = split.label(offset + i);
			}
			return new LabelRange(offset, limit, split.size(), labels);
		});
	}

	private static List<Item> items(Dataset dataset, SplitData split, Filtered filtered, long from, int size) {
		Selection selection = filtered.selection();
		if (from >= selection.size()) {
			return List.of();
		}
		int end = (int) Math.min(from + size, selection.size());
		String prefix = imageUrlPrefix(dataset.id(), split);
		List<Item> items = new ArrayList<>(end - (int) from);
		for (int position = (int) from; position < end; position++) {
			Item item = Item.of(dataset, split, selection.index(position), prefix);
			items.add((filtered.predictions() != null) ? item.predicted(filtered.predictions()) : item);
		}
		return items;
	}

	private static String imageUrlPrefix(String datasetId, SplitData split) {
		return ApiPaths.url(ApiPaths.IMAGES, datasetId, split.split().id()) + "/";
	}

	/**
	 * The pages' links, from the parameters as read rather than as written: unknown parameters are not
	 * repeated. They are absolute, like every URL the API sends, unless the origin (the request's
	 * {@code Host}, or a trusted proxy's {@code X-Forwarded-Host}) is so long that four copies of it
	 * would outgrow Tomcat's 8 KiB of response headers: then they are relative references, which RFC
	 * 8288 resolves against the request's URL.
	 */
	private static String links(Dataset dataset, SplitData split, int size, ItemFilter filter, int page, int totalPages) {
		String links = links(ServletUriComponentsBuilder.fromCurrentContextPath(), dataset, split, size, filter, page, totalPages);
		if (links.length() <= MAX_LINK_HEADER) {
			return links;
		}
		String contextPath = ServletUriComponentsBuilder.fromCurrentContextPath().build().getPath();
		return links(UriComponentsBuilder.fromPath((contextPath != null) ? contextPath : ""), dataset, split, size, filter, page,
				totalPages);
	}

	private static String links(UriComponentsBuilder origin, Dataset dataset, SplitData split, int size, ItemFilter filter, int page,
			int totalPages) {
		int last = Math.max(totalPages - 1, 0);
		UriComponentsBuilder current = origin.path(ApiPaths.SPLIT + "/items")
			.queryParam("size", size);
		filter.writeTo(current);
		current.uriVariables(Map.of("dataset", dataset.id(), "split", split.split().id()));
		List<String> links = new ArrayList<>(4);
		links.add(link(current, 0, "first"));
		if (page > 0) {
			links.add(link(current, Math.min(page - 1, last), "prev"));
		}
		if (page < last) {
			links.add(link(current, page + 1, "next"));
		}
		links.add(link(current, last, "last"));
		return String.join(", ", links);
	}

	private static String link(UriComponentsBuilder current, int page, String rel) {
		return "<" + current.replaceQueryParam("page", page).toUriString() + ">; rel=\"" + rel + "\"";
	}

	record Item(int index, int label, String className, String imageUrl,
			@Schema(description = "The model's most likely class; only when the items are filtered by `predicted` or `correct`",
					example = "6") @Nullable Integer predictedLabel,
			@Schema(description = "The probability the model gives that class; only with `predictedLabel`", example = "0.87") @Nullable Float confidence) {

		static Item of(Dataset dataset, SplitData split, int index, String imageUrlPrefix) {
			int label = split.label(index);
			return new Item(index, label, dataset.info().className(label), imageUrlPrefix + index + ".png", null, null);
		}

		/** This item with what {@code predictions} say of it. */
		Item predicted(SplitPredictions predictions) {
			return new Item(this.index, this.label, this.className, this.imageUrl, predictions.label(this.index),
					predictions.confidence(this.index));
		}

	}

	record ItemPage(List<Item> items, int page, int size, int totalItems, int totalPages) {
	}

	record ItemDetail(int index, int label, String className, String imageUrl, int[][] pixels) {

		static ItemDetail of(Dataset dataset, SplitData split, int index, String imageUrlPrefix) {
			Item item = Item.of(dataset, split, index, imageUrlPrefix);
			int side = split.side();
			int[][] pixels = new int[side][side];
			byte[] bytes = split.imageBytes();
			int offset = split.imageOffset(index);
			for (int y = 0; y < side; y++) {
				for (int x = 0; x < side; x++) {
					pixels[y][x] = bytes[offset + y * side + x] & 0xff;
				}
			}
			return new ItemDetail(item.index(), item.label(), item.className(), item.imageUrl(), pixels);
		}

	}

	record LabelRange(int offset, int limit, int total, int[] labels) {
	}

}
