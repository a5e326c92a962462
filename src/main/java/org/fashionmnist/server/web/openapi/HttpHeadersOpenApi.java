package org.fashionmnist.server.web.openapi;

import java.util.LinkedHashMap;
import java.util.Map;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.fashionmnist.server.web.http.ApiPaths;
import org.fashionmnist.server.web.http.Responses;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The HTTP headers of the dataset endpoints, in the OpenAPI description where a generated client can read
 * them, not only in prose: the conditional request every GET of dataset content answers
 * ({@code If-None-Match}, 304, {@code ETag}, {@code Cache-Control}), the gzip representations of JSON,
 * pagination, batch counts and resumable downloads. Defined once as components and referenced per
 * operation, by the same rules the controllers follow ({@link Responses}).
 */
@Configuration(proxyBeanMethods = false)
class HttpHeadersOpenApi {

	private static final String DATASET_CONTENT = ApiPaths.DATASETS + "/{dataset}";

	private static final Map<String, Header> HEADERS = headers();

	@Bean
	OpenApiCustomizer httpHeaders() {
		return (openApi) -> {
			if (openApi.getComponents() == null) {
				openApi.components(new Components());
			}
			HEADERS.forEach(openApi.getComponents()::addHeaders);
			openApi.getComponents()
				.addParameters("If-None-Match", new Parameter().in("header")
					.name("If-None-Match")
					.description("Entity tags the client holds: one that is current gets a 304 without a body")
					.schema(new StringSchema().example("\"ba2e37a64f59ed31-png2-train-0-1-0\"")))
				.addParameters("Range", new Parameter().in("header")
					.name("Range")
					.description("One byte range (`bytes=FIRST-LAST`, `bytes=FIRST-` or `bytes=-SUFFIX`), to resume a download")
					.schema(new StringSchema().example("bytes=1024-")))
				.addParameters("If-Range", new Parameter().in("header")
					.name("If-Range")
					.description("Honour Range only while the file still has this ETag; otherwise send it whole")
					.schema(new StringSchema()));
			openApi.getPaths().forEach((path, item) -> {
				if ((path.equals(ApiPaths.DATASETS) || path.startsWith(DATASET_CONTENT)) && item.getGet() != null) {
					document(path, item.getGet());
				}
			});
		};
	}

	private static void document(String path, Operation get) {
		ApiResponses responses = get.getResponses();
		ApiResponse ok = responses.get("200");
		boolean json = ok != null && ok.getContent() != null && ok.getContent().containsKey("application/json")
				&& ok.getContent().size() == 1;
		boolean download = responses.containsKey("206");
		get.addParametersItem(parameterRef("If-None-Match"));
		if (download) {
			get.addParametersItem(parameterRef("Range")).addParametersItem(parameterRef("If-Range"));
		}
		ApiResponse notModified = new ApiResponse().description("Not modified: If-None-Match names the current representation");
		responses.addApiResponse("304", notModified);
		for (ApiResponse response : (download ? new ApiResponse[] { ok, notModified, responses.get("206") }
				: new ApiResponse[] { ok, notModified })) {
			refer(response, "ETag", "Cache-Control");
			if (json) {
				refer(response, "Vary");
			}
			if (path.endsWith("/items")) {
				refer(response, "Link", "X-Total-Count");
			}
			if (path.endsWith("/batches/{batch}")) {
				refer(response, "X-Batch-Index", "X-Batch-Count", "X-Total-Count", "Vary");
			}
		}
		if (json) {
			refer(ok, "Content-Encoding");
		}
		if (path.endsWith("/batches/{batch}")) {
			refer(ok, "Content-Disposition", "Content-Encoding");
		}
		if (download) {
			refer(ok, "Content-Disposition", "Accept-Ranges");
			refer(responses.get("206"), "Content-Disposition", "Accept-Ranges", "Content-Range");
		}
	}

	private static void refer(ApiResponse response, String... names) {
		for (String name : names) {
			response.addHeaderObject(name, new Header().$ref("#/components/headers/" + name));
		}
	}

	private static Parameter parameterRef(String name) {
		return new Parameter().$ref("#/components/parameters/" + name);
	}

	private static Map<String, Header> headers() {
		Map<String, Header> headers = new LinkedHashMap<>();
		headers.put("ETag", text("The entity tag of this representation, to send back in If-None-Match: strong for images, arrays, "
				+ "files and batches (a gzip JSON batch has its own), weak (W/) for JSON documents",
				"\"ba2e37a64f59ed31-png2-train-0-1-0\""));
		headers.put("Cache-Control", text("`public, max-age=31536000, immutable` for images, batches, arrays and files; "
				+ "`no-cache, public` (revalidate) for JSON documents", "public, max-age=31536000, immutable"));
		headers.put("Vary", text("The request headers that choose among this URL's representations", "Accept-Encoding"));
		headers.put("Content-Encoding", text("`gzip` when the client accepts it (JSON documents and JSON batches)", "gzip"));
		headers.put("Link", text("RFC 8288 links to the first, prev, next and last pages",
				"<http://localhost:8080/api/v1/datasets/fashion-mnist/splits/train/items?page=1&size=50>; rel=\"next\""));
		headers.put("X-Total-Count", number("Items in the (filtered) split, or in this shard of the epoch", 60000));
		headers.put("X-Batch-Index", number("This batch's number", 0));
		headers.put("X-Batch-Count", number("Batches in this shard of the epoch", 235));
		headers.put("Content-Disposition", text("The name to save the file under",
				"attachment; filename=\"fashion-mnist-train-images.npy\""));
		headers.put("Accept-Ranges", text("Byte ranges of the file may be asked for (Range), to resume a download", "bytes"));
		headers.put("Content-Range", text("The byte range sent, and the file's length", "bytes 1024-47040127/47040128"));
		return headers;
	}

	private static Header text(String description, String example) {
		return new Header().description(description).schema(new StringSchema().example(example));
	}

	private static Header number(String description, int example) {
		return new Header().description(description).schema(new IntegerSchema().example(example));
	}

}
