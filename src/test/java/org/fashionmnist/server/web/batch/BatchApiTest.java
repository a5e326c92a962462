package org.fashionmnist.server.web.batch;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

import org.fashionmnist.server.batch.EpochShuffle;
import org.fashionmnist.server.dataset.Dataset;
import org.fashionmnist.server.dataset.DatasetCatalog;
import org.fashionmnist.server.dataset.LabelSet;
import org.fashionmnist.server.dataset.Selection;
import org.fashionmnist.server.dataset.Split;
import org.fashionmnist.server.dataset.SplitData;
import org.fashionmnist.server.tensor.TensorFiles;
import org.fashionmnist.server.tensor.TensorFiles.Decoded;
import org.fashionmnist.server.tensor.TensorFormat;
import org.fashionmnist.server.web.HttpTest;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/** The training path through real HTTP, against the bundled Fashion-MNIST files. */
class BatchApiTest extends HttpTest {

	@Autowired
	private DatasetCatalog catalog;

	@Autowired
	private MeterRegistry meters;

	private Dataset dataset() {
		return this.catalog.find("fashion-mnist").orElseThrow();
	}

	private SplitData train() {
		return dataset().split(Split.TRAIN);
	}

	/** A GET of {@code pathAndQuery} below the dataset's splits ({@code train/batches/0}), or of an absolute URL. */
	private HttpResponse<byte[]> split(String pathAndQuery, String... headers) {
		if (!pathAndQuery.startsWith("http")) {
			return get(DATASET + "/splits/" + pathAndQuery, headers);
		}
		URI url = URI.create(pathAndQuery);
		return get(url.getRawPath() + ((url.getRawQuery() != null) ? "?" + url.getRawQuery() : ""), headers);
	}

	private Map<String, Decoded> npz(String pathAndQuery) throws IOException, InterruptedException {
		HttpResponse<byte[]> response = split(pathAndQuery);
		assertThat(response.statusCode()).as(new String(response.body())).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/zip");
		return TensorFiles.readNpz(response.body());
	}


	private static long[] indicesOf(Map<String, Decoded> batch) {
		return batch.get("indices").int64s();
	}

	private static int[] toInts(long[] values) {
		return Arrays.stream(values).mapToInt(Math::toIntExact).toArray();
	}

	@Test
	void plansAnEpochWhoseTemplateLeadsToItsBatches() throws Exception {
		HttpResponse<byte[]> response = split("train/batches?batchSize=256&shuffle=true&seed=3&dtype=float32&normalize=unit");
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode plan = this.json.readTree(response.body());
		assertThat(plan.get("size").intValue()).isEqualTo(60_000);
		assertThat(plan.get("epochSize").intValue()).isEqualTo(60_000);
		assertThat(plan.get("batchSize").intValue()).isEqualTo(256);
		assertThat(plan.get("numBatches").intValue()).isEqualTo(235);
		String template = plan.get("batchUrlTemplate").asString();
		assertThat(template).contains("/batches/{batch}?").contains("seed=3").contains("dtype=float32").contains("normalize=unit");

		HttpResponse<byte[]> last = split(template.replace("{batch}", "234"));
		assertThat(last.statusCode()).isEqualTo(200);
		assertThat(header(last, "X-Batch-Index")).isEqualTo("234");
		assertThat(header(last, "X-Batch-Count")).isEqualTo("235");
		assertThat(header(last, "X-Total-Count")).isEqualTo("60000");
		Map<String, Decoded> batch = TensorFiles.readNpz(last.body());
		assertThat(batch.get("images").dtype()).isEqualTo("float32");
		assertThat(batch.get("images").shape()).containsExactly(96, 28, 28);
		int[] order = EpochShuffle.order(Selection.all(60_000), 3, 0);
		assertThat(toInts(indicesOf(batch))).isEqualTo(Arrays.copyOfRange(order, 234 * 256, 60_000));
	}

	@Test
	void servesTheStoredBytesInIndexOrderByDefault() throws Exception {
		HttpResponse<byte[]> response = split("train/batches/0");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(header(response, "Content-Type")).isEqualTo("application/zip");
		assertThat(header(response, "Content-Length")).isEqualTo(Integer.toString(response.body().length));
		assertThat(header(response, "Content-Disposition")).isEqualTo("attachment; filename=\"fashion-mnist-train-batch-0.npz\"");
		Map<String, Decoded> batch = TensorFiles.readNpz(response.body());
		assertThat(batch).containsOnlyKeys("images", "labels", "indices");
		assertThat(batch.get("images").dtype()).isEqualTo("uint8");
		assertThat(batch.get("images").shape()).containsExactly(256, 28, 28);
		assertThat(batch.get("images").data()).isEqualTo(Arrays.copyOf(train().imageBytes(), 256 * 784));
		assertThat(batch.get("labels").shape()).containsExactly(256);
		assertThat(batch.get("labels").data()).isEqualTo(Arrays.copyOf(train().labelBytes(), 256));
		assertThat(batch.get("indices").dtype()).isEqualTo("int64");
		assertThat(indicesOf(batch)).isEqualTo(IntStream.range(0, 256).asLongStream().toArray());
	}

	@Test
	void everyFormatHoldsTheSameArrays() throws Exception {
		String query = "train/batches/5?batchSize=100&shuffle=true&seed=9&epoch=2&dtype=float32&normalize=standard&layout=nchw";
		Map<String, Decoded> npz = npz(query);
		HttpResponse<byte[]> safetensors = split(query + "&format=safetensors");
		assertThat(header(safetensors, "Content-Type")).isEqualTo("application/octet-stream");
		assertThat(header(safetensors, "Content-Disposition")).endsWith(".safetensors\"");
		HttpResponse<byte[]> json = split(query + "&format=json");
		assertThat(header(json, "Content-Type")).isEqualTo("application/json");
		for (Map<String, Decoded> other : List.of(TensorFiles.readSafetensors(safetensors.body()), TensorFiles.readJson(json.body()))) {
			assertThat(other).containsOnlyKeys("images", "labels", "indices");
			for (String name : npz.keySet()) {
				assertThat(other.get(name).dtype()).isEqualTo(npz.get(name).dtype());
				assertThat(other.get(name).shape()).isEqualTo(npz.get(name).shape());
				assertThat(other.get(name).data()).as(name).isEqualTo(npz.get(name).data());
			}
		}
	}

	@Test
	void normalisesFloatsWithTheTrainSplitStatistics() throws Exception {
		double mean = dataset().pixelStats().mean();
		double std = dataset().pixelStats().std();
		assertThat(mean).isCloseTo(0.2860, org.assertj.core.data.Offset.offset(1e-4));
		assertThat(std).isCloseTo(0.3530, org.assertj.core.data.Offset.offset(1e-4));
		SplitData test = dataset().split(Split.TEST);
		for (String normalize : List.of("none", "unit", "standard")) {
			float[] values = npz("test/batches/1?batchSize=50&dtype=float32&layout=flat&normalize=" + normalize).get("images").float32s();
			for (int i = 0; i < values.length; i++) {
				int v = test.imageBytes()[50 * 784 + i] & 0xff;
				double expected = switch (normalize) {
					case "none" -> v;
					case "unit" -> v / 255.0;
					default -> (v / 255.0 - mean) / std;
				};
				assertThat(values[i]).isEqualTo((float) expected);
			}
		}
	}

	@Test
	void everyLayoutHasItsShapeAndTheSameBytes() throws Exception {
		Map<String, long[]> shapes = Map.of("nhw", new long[] { 8, 28, 28 }, "nchw", new long[] { 8, 1, 28, 28 }, "nhwc",
				new long[] { 8, 28, 28, 1 }, "flat", new long[] { 8, 784 });
		byte[] expected = Arrays.copyOfRange(train().imageBytes(), 16 * 784, 24 * 784);
		for (Map.Entry<String, long[]> layout : shapes.entrySet()) {
			Decoded images = npz("train/batches/2?batchSize=8&layout=" + layout.getKey()).get("images");
			assertThat(images.shape()).as(layout.getKey()).isEqualTo(layout.getValue());
			assertThat(images.data()).isEqualTo(expected);
		}
	}

	@Test
	void aFullShuffledEpochIsThePermutationTheReadmeSpecifies() throws Exception {
		List<Long> seen = new ArrayList<>();
		for (int batch = 0; batch < 8; batch++) {
			Arrays.stream(indicesOf(npz("train/batches/" + batch + "?batchSize=8192&shuffle=true&seed=42&epoch=3"))).forEach(seen::add);
		}
		assertThat(seen).hasSize(60_000);
		assertThat(seen.stream().mapToInt(Long::intValue).sorted().toArray()).isEqualTo(IntStream.range(0, 60_000).toArray());
		assertThat(seen.stream().mapToInt(Long::intValue).toArray()).isEqualTo(EpochShuffle.order(Selection.all(60_000), 42, 3));
		assertThat(toInts(indicesOf(npz("train/batches/0?batchSize=8192&shuffle=true&seed=42&epoch=4"))))
			.isNotEqualTo(seen.subList(0, 8192).stream().mapToInt(Long::intValue).toArray());
	}

	@Test
	void answersTheSameRequestWithTheSameBytesAndAStrongImmutableEtag() throws Exception {
		String query = "train/batches/17?shuffle=true&seed=1&epoch=1&dtype=float32&normalize=standard";
		HttpResponse<byte[]> first = split(query);
		HttpResponse<byte[]> second = split(query);
		assertThat(second.body()).isEqualTo(first.body());
		String etag = header(first, "ETag");
		assertThat(etag).startsWith("\"").doesNotStartWith("W/").isEqualTo(header(second, "ETag"));
		// A release whose encoder writes other bytes gives them another version, and so another tag.
		assertThat(etag).contains("-" + TensorFormat.NPZ.encoder().version() + "-");
		assertThat(header(first, "Cache-Control")).contains("immutable").contains("max-age=31536000").contains("public");
		HttpResponse<byte[]> notModified = split(query, "If-None-Match", etag);
		assertThat(notModified.statusCode()).isEqualTo(304);
		assertThat(notModified.body()).isEmpty();
		assertThat(header(split(query + "&format=safetensors"), "ETag")).isNotEqualTo(etag);
		assertThat(header(split("train/batches/17?shuffle=true&seed=1&epoch=2&dtype=float32&normalize=standard"), "ETag"))
			.isNotEqualTo(etag);
	}

	@Test
	void shardsTakeEveryKthPositionAndPartitionTheEpoch() throws Exception {
		int[] order = EpochShuffle.order(Selection.all(10_000), 5, 6);
		List<Integer> all = new ArrayList<>();
		for (int shard = 0; shard < 3; shard++) {
			String query = "test/batches/0?batchSize=8192&shuffle=true&seed=5&epoch=6&numShards=3&shard=" + shard;
			HttpResponse<byte[]> response = split(query);
			assertThat(header(response, "X-Total-Count")).isEqualTo(Integer.toString(shard == 0 ? 3334 : 3333));
			List<Integer> shardIndices = new ArrayList<>();
			for (int batch = 0; batch < 1; batch++) {
				Arrays.stream(indicesOf(TensorFiles.readNpz(response.body()))).forEach((index) -> shardIndices.add((int) index));
			}
			int first = shard;
			assertThat(shardIndices).containsExactlyElementsOf(
					IntStream.iterate(first, (position) -> position < order.length, (position) -> position + 3).mapToObj((p) -> order[p]).toList());
			all.addAll(shardIndices);
		}
		assertThat(all).hasSize(10_000).doesNotHaveDuplicates();
	}

	@Test
	void dropLastLeavesOutTheShortBatch() throws Exception {
		JsonNode plan = this.json.readTree(split("train/batches?batchSize=256&dropLast=true").body());
		assertThat(plan.get("numBatches").intValue()).isEqualTo(234);
		assertThat(split("train/batches/233?dropLast=true").statusCode()).isEqualTo(200);
		HttpResponse<byte[]> past = split("train/batches/234?dropLast=true");
		assertThat(past.statusCode()).isEqualTo(404);
		assertThat(header(past, "Content-Type")).isEqualTo("application/problem+json");
		assertThat(split("train/batches/234").statusCode()).isEqualTo(200);
	}

	@Test
	void aJobResumedFromStartWithAnotherNumberOfShardsSeesEveryOtherItemExactlyOnce() throws Exception {
		int[] order = EpochShuffle.order(Selection.all(10_000), 8, 2);
		List<Integer> seen = new ArrayList<>();
		// Two ranks take three batches of 100 each: the first 600 positions of the epoch order, together.
		for (int shard = 0; shard < 2; shard++) {
			for (int batch = 0; batch < 3; batch++) {
				Arrays.stream(indicesOf(npz("test/batches/" + batch + "?batchSize=100&shuffle=true&seed=8&epoch=2&numShards=2&shard="
						+ shard))).forEach((index) -> seen.add((int) index));
			}
		}
		assertThat(seen).containsExactlyInAnyOrderElementsOf(Arrays.stream(order, 0, 600).boxed().toList());
		// Three ranks resume from there; the rest of the order is shared out as if it were a whole epoch.
		for (int shard = 0; shard < 3; shard++) {
			String query = "test/batches/0?batchSize=8192&shuffle=true&seed=8&epoch=2&start=600&numShards=3&shard=" + shard;
			long[] indices = indicesOf(npz(query));
			int first = 600 + shard;
			assertThat(toInts(indices)).isEqualTo(IntStream.iterate(first, (p) -> p < order.length, (p) -> p + 3).map((p) -> order[p]).toArray());
			Arrays.stream(indices).forEach((index) -> seen.add((int) index));
		}
		assertThat(seen).hasSize(10_000).doesNotHaveDuplicates();
		JsonNode plan = this.json.readTree(split("test/batches?batchSize=1000&start=600&numShards=3&shard=2").body());
		assertThat(plan.get("size").intValue()).isEqualTo(3133);
		assertThat(plan.get("epochSize").intValue()).isEqualTo(10_000);
		assertThat(plan.get("start").longValue()).isEqualTo(600);
		assertThat(plan.get("batchUrlTemplate").asString()).contains("&epoch=0&start=600&shard=2&numShards=3&dropLast=false");
	}

	@Test
	void aStartAtOrPastTheEndLeavesEveryShardEmpty() throws Exception {
		for (String start : List.of("10000", "10001", "9223372036854775807")) {
			JsonNode plan = this.json.readTree(split("test/batches?equalize=pad&numShards=2&start=" + start).body());
			assertThat(plan.get("size").intValue()).isZero();
			assertThat(plan.get("numBatches").intValue()).isZero();
			assertThat(split("test/batches/0?equalize=pad&numShards=2&start=" + start).statusCode()).isEqualTo(404);
		}
	}

	@Test
	void equalizeGivesEveryShardTheSameSizeSoEveryRankRunsTheSameSteps() throws Exception {
		int[] order = EpochShuffle.order(Selection.all(10_000), 1, 0);
		for (String[] expected : new String[][] { { "none", "3334", "3333" }, { "drop", "3333", "3333" }, { "pad", "3334", "3334" } }) {
			List<Integer> seen = new ArrayList<>();
			for (int shard = 0; shard < 3; shard++) {
				String query = "batchSize=1000&shuffle=true&seed=1&numShards=3&shard=" + shard + "&equalize=" + expected[0];
				JsonNode plan = this.json.readTree(split("test/batches?" + query).body());
				String size = expected[(shard == 0) ? 1 : 2];
				assertThat(plan.get("size").intValue()).as(query).isEqualTo(Integer.parseInt(size));
				assertThat(plan.get("numBatches").intValue()).as(query).isEqualTo(4);
				HttpResponse<byte[]> last = split("test/batches/3?" + query);
				assertThat(header(last, "X-Total-Count")).isEqualTo(size);
				for (int batch = 0; batch < 4; batch++) {
					Arrays.stream(indicesOf(npz("test/batches/" + batch + "?" + query))).forEach((index) -> seen.add((int) index));
				}
			}
			switch (expected[0]) {
				case "none" -> assertThat(seen).hasSize(10_000).doesNotHaveDuplicates();
				case "drop" -> assertThat(seen).hasSize(9_999).doesNotContain(order[9_999]).doesNotHaveDuplicates();
				default -> {
					// The two positions added repeat the first two of the order, as DistributedSampler pads.
					assertThat(seen).hasSize(10_002).containsAll(Arrays.stream(order).boxed().toList());
					assertThat(seen.stream().filter((index) -> index == order[0] || index == order[1])).hasSize(4);
				}
			}
		}
		JsonNode plan = this.json.readTree(split("test/batches?numShards=3&shard=2&equalize=drop").body());
		assertThat(plan.get("equalize").asString()).isEqualTo("drop");
		assertThat(plan.get("batchUrlTemplate").asString()).contains("&numShards=3&equalize=drop&");
	}

	@Test
	void aPlanWithoutStartOrEqualizeIsTheDocumentItWasBefore() throws Exception {
		JsonNode plan = this.json.readTree(split("train/batches?batchSize=256&shuffle=true&seed=7&epoch=0").body());
		assertThat(plan.propertyNames()).containsExactly("split", "size", "batchSize", "numBatches", "epochSize", "shuffle", "seed",
				"epoch", "shard", "numShards", "dropLast", "labels", "batchUrlTemplate");
		assertThat(plan.get("batchUrlTemplate").asString())
			.endsWith("/batches/{batch}?batchSize=256&shuffle=true&seed=7&epoch=0&shard=0&numShards=1&dropLast=false");
		String batch = "train/batches/3?batchSize=64&shuffle=true&seed=7";
		assertThat(split(batch + "&start=0&equalize=none").body()).isEqualTo(split(batch).body());
		assertThat(header(split(batch + "&start=0&equalize=none"), "ETag")).isEqualTo(header(split(batch), "ETag"));
	}

	@Test
	void labelFiltersKeepOnlyThoseClassesInIndexOrder() throws Exception {
		JsonNode plan = this.json.readTree(split("train/batches?label=3&label=5&batchSize=1000").body());
		assertThat(plan.get("epochSize").intValue()).isEqualTo(12_000);
		assertThat(plan.get("labels").toString()).isEqualTo("[3,5]");
		Map<String, Decoded> batch = npz("train/batches/11?label=3,5&batchSize=1000");
		int[] expected = Arrays.copyOfRange(IntStream.range(0, 60_000)
			.filter((index) -> LabelSet.of(List.of(3, 5)).contains(train().label(index)))
			.toArray(), 11_000, 12_000);
		assertThat(toInts(indicesOf(batch))).isEqualTo(expected);
		for (byte label : batch.get("labels").data()) {
			assertThat((int) label).isIn(3, 5);
		}
	}

	@Test
	void anEmptyLabelParameterMeansEveryClassAsInTheContractsExample() throws Exception {
		JsonNode plan = this.json.readTree(split("train/batches?batchSize=256&shuffle=false&seed=0&epoch=0&shard=0&numShards=1&dropLast=false&label=")
			.body());
		assertThat(plan.get("epochSize").intValue()).isEqualTo(60_000);
		assertThat(plan.get("labels").size()).isZero();
		assertThat(indicesOf(npz("train/batches/1?batchSize=4&label="))).containsExactly(4, 5, 6, 7);
	}

	@Test
	void choosesJsonForAcceptJsonUnlessTheFormatParameterSaysOtherwise() throws Exception {
		assertThat(header(split("train/batches/0?batchSize=2", "Accept", "application/json"), "Content-Type")).isEqualTo("application/json");
		assertThat(header(split("train/batches/0?batchSize=2&format=npz", "Accept", "application/json"), "Content-Type"))
			.isEqualTo("application/zip");
		assertThat(header(split("train/batches/0?batchSize=2", "Accept", "*/*"), "Content-Type")).isEqualTo("application/zip");
		assertThat(header(split("train/batches/0?batchSize=2", "Accept", "application/x-npz, application/json;q=0.5"), "Content-Type"))
			.isEqualTo("application/zip");
		HttpResponse<byte[]> json = split("train/batches/0?batchSize=2", "Accept", "application/json");
		assertThat(TensorFiles.readJson(json.body()).get("labels").data()).isEqualTo(Arrays.copyOf(train().labelBytes(), 2));
		assertThat(json.headers().allValues("Vary")).contains("Accept");
	}

	@Test
	void jsonBatchesAreGzipCompressedUnderTheirOwnTagWhenTheClientAcceptsIt() throws Exception {
		String query = "train/batches/2?batchSize=100&shuffle=true&seed=5&format=json&dtype=float32&normalize=standard";
		HttpResponse<byte[]> plain = split(query);
		HttpResponse<byte[]> gzipped = split(query, "Accept-Encoding", "deflate, gzip;q=0.5");

		assertThat(header(plain, "Content-Encoding")).isNull();
		assertThat(header(gzipped, "Content-Encoding")).isEqualTo("gzip");
		assertThat(gunzip(gzipped.body())).isEqualTo(plain.body());
		assertThat(gzipped.body().length).isLessThan(plain.body().length / 3);
		String tag = header(plain, "ETag");
		String gzipTag = header(gzipped, "ETag");
		assertThat(gzipTag).startsWith("\"").doesNotStartWith("W/").isNotEqualTo(tag);
		for (HttpResponse<byte[]> response : List.of(plain, gzipped)) {
			assertThat(response.headers().allValues("Vary")).contains("Accept", "Accept-Encoding").doesNotHaveDuplicates();
			assertThat(header(response, "Cache-Control")).contains("immutable");
		}
		assertThat(header(split(query, "Accept-Encoding", "gzip;q=0, *"), "Content-Encoding")).as("gzip refused").isNull();
		assertThat(header(split(query, "Accept-Encoding", "br;q=1, *;q=0.1"), "Content-Encoding")).as("anything").isEqualTo("gzip");

		HttpResponse<byte[]> plainHeld = split(query, "Accept-Encoding", "gzip", "If-None-Match", tag);
		HttpResponse<byte[]> gzipHeld = split(query, "Accept-Encoding", "gzip", "If-None-Match", gzipTag);
		assertThat(plainHeld.statusCode()).isEqualTo(304);
		assertThat(header(plainHeld, "ETag")).isEqualTo(tag);
		assertThat(gzipHeld.statusCode()).isEqualTo(304);
		assertThat(header(gzipHeld, "ETag")).isEqualTo(gzipTag);
		assertThat(gzipHeld.headers().allValues("Vary")).contains("Accept", "Accept-Encoding").doesNotHaveDuplicates();
		assertThat(header(gzipHeld, "X-Batch-Index")).isEqualTo("2");
	}

	@Test
	void binaryBatchesAreNeverCompressed() throws Exception {
		for (String format : List.of("npz", "safetensors")) {
			HttpResponse<byte[]> response = split("train/batches/0?batchSize=64&format=" + format, "Accept-Encoding", "gzip");
			assertThat(header(response, "Content-Encoding")).isNull();
			assertThat(header(response, "Content-Length")).isEqualTo(Integer.toString(response.body().length));
		}
	}

	@ParameterizedTest(name = "{0} -> 400 on {1}")
	@CsvSource(delimiter = '|', value = { "batchSize=0|batchSize", "batchSize=-5|batchSize", "batchSize=8193|batchSize",
			"batchSize=many|batchSize", "shard=2&numShards=2|shard", "shard=-1|shard", "numShards=0|numShards",
			"numShards=4097|numShards", "seed=-1|seed", "epoch=-1|epoch", "shuffle=maybe|shuffle", "label=10|label",
			"dtype=float16|dtype", "dtype=float32&normalize=zscore|normalize", "normalize=unit|normalize",
			"dtype=uint8&normalize=standard|normalize", "layout=chw|layout", "format=xml|format", "start=-1|start",
			"start=first|start", "start=1.5|start", "start=99999999999999999999|start", "equalize=trim|equalize",
			"equalize=true|equalize" })
	void rejectsEveryBadParameterWithAProblem(String query, String parameter) throws Exception {
		for (String path : List.of("train/batches/0?", "train/batches?")) {
			// A client that asked for a batch still gets its problem as JSON.
			String accept = path.contains("/0?") ? "application/zip" : "application/json";
			HttpResponse<byte[]> response = split(path + query, "Accept", accept);
			assertThat(response.statusCode()).as(path + query).isEqualTo(400);
			assertThat(header(response, "Content-Type")).isEqualTo("application/problem+json");
			JsonNode problem = this.json.readTree(response.body());
			assertThat(problem.get("status").intValue()).isEqualTo(400);
			assertThat(problem.get("detail").asString()).contains(parameter);
			assertThat(problem.get("errors").get(0).get("parameter").asString()).isEqualTo(parameter);
		}
	}

	@Test
	void quotesAParameterGivenSeveralTimesAsWritten() throws Exception {
		HttpResponse<byte[]> response = split("train/batches/0?label=3,5&label=x");
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(this.json.readTree(response.body()).get("detail").asString()).contains("label").contains("found '3,5', 'x'");
	}

	@Test
	void reportsMissingThingsAs404Problems() throws Exception {
		for (String path : List.of("train/batches/235", "test/batches/0?label=3&shard=1000&numShards=4096", "validation/batches/0",
				"validation/batches")) {
			HttpResponse<byte[]> response = split(path);
			assertThat(response.statusCode()).as(path).isEqualTo(404);
			assertThat(header(response, "Content-Type")).isEqualTo("application/problem+json");
			assertThat(this.json.readTree(response.body()).get("detail").asString()).isNotBlank();
		}
		assertThat(this.json.readTree(split("train/batches/235").body()).get("detail").asString()).contains("235 batches (0..234)");
		assertThat(split("train/batches/-1").statusCode()).isEqualTo(400);
		assertThat(split("train/batches", "Accept", "application/zip").statusCode()).isEqualTo(406);
	}

	@Test
	void aFormatTheAcceptHeaderWeightsZeroIsNotAcceptable() throws Exception {
		for (String[] refusal : new String[][] { { "train/batches/0?batchSize=4", "application/zip;q=0" },
				{ "train/batches/0?batchSize=4", "*/*;q=0" }, { "train/batches/0?batchSize=4", "application/zip;Q=0, text/html" },
				{ "train/batches/0?batchSize=4&format=json", "application/json;q=0" },
				{ "train/batches/0?batchSize=4&format=safetensors", "application/*;q=0, image/png" } }) {
			HttpResponse<byte[]> response = split(refusal[0], "Accept", refusal[1]);
			assertThat(response.statusCode()).as("%s with Accept: %s", refusal[0], refusal[1]).isEqualTo(406);
			assertThat(header(response, "Content-Type")).isEqualTo("application/problem+json");
			assertThat(this.json.readTree(response.body()).get("detail").asString()).contains("is served as application/");
		}
		for (String accept : new String[] { "*/*;q=0, application/zip", "application/zip;q=0.5", "application/octet-stream",
				"text/html", "application/json;q=0" }) {
			HttpResponse<byte[]> response = split("train/batches/0?batchSize=4", "Accept", accept);
			assertThat(response.statusCode()).as("Accept: %s", accept).isEqualTo(200);
			assertThat(header(response, "Content-Type")).as("Accept: %s", accept).isEqualTo("application/zip");
		}
	}

	@Test
	void documentsEveryParameterWithItsLimitsAndValues() throws Exception {
		JsonNode api = this.json.readTree(get("/v3/api-docs").body());
		JsonNode operation = api.get("paths").get("/api/v1/datasets/{dataset}/splits/{split}/batches/{batch}").get("get");
		Map<String, JsonNode> parameters = new java.util.HashMap<>();
		operation.get("parameters")
			.valueStream()
			.filter((parameter) -> parameter.has("name")) // not the shared If-None-Match
			.forEach((parameter) -> parameters.put(parameter.get("name").asString(), parameter));
		assertThat(parameters).containsKeys("dataset", "split", "batch", "batchSize", "shuffle", "seed", "epoch", "start", "shard",
				"numShards", "equalize", "dropLast", "label", "dtype", "normalize", "layout", "format");
		assertThat(parameters.get("start").get("schema").get("minimum").intValue()).isZero();
		assertThat(parameters.get("equalize").get("schema").get("enum").toString()).isEqualTo("[\"none\",\"drop\",\"pad\"]");
		assertThat(parameters.get("batchSize").get("schema").get("maximum").intValue()).isEqualTo(8192);
		assertThat(parameters.get("batchSize").get("schema").get("minimum").intValue()).isEqualTo(1);
		assertThat(parameters.get("numShards").get("schema").get("maximum").intValue()).isEqualTo(4096);
		assertThat(parameters.get("dtype").get("schema").get("enum").toString()).isEqualTo("[\"uint8\",\"float32\"]");
		assertThat(parameters.get("layout").get("schema").get("enum").toString()).isEqualTo("[\"nhw\",\"nchw\",\"nhwc\",\"flat\"]");
		assertThat(parameters).doesNotContainKey("Accept");
		assertThat(operation.get("responses").get("200").get("content").properties()).extracting(Map.Entry::getKey)
			.contains("application/zip", "application/octet-stream", "application/json");
		assertThat(operation.get("responses").properties()).extracting(Map.Entry::getKey).contains("400", "404");
		assertThat(api.get("components").get("schemas").propertyNames()).doesNotContain("TensorPayload", "Tensor", "TensorEncoder");
	}

	@Test
	void batchesServedCountWithTheirImagesWhicheverPathAnswersButNotRevalidationsOrRefusals() {
		DistributionSummary npz = this.meters.get("fmnist.batches.images").tags("split", "test", "format", "npz").summary();
		DistributionSummary json = this.meters.get("fmnist.batches.images").tags("split", "test", "format", "json").summary();
		long npzBatches = npz.count();
		double npzImages = npz.totalAmount();
		long jsonBatches = json.count();
		double jsonImages = json.totalAmount();

		// The last of 34 batches of 300 holds the split's last 100 images (the fast path answers it); the JSON
		// batch goes through the controller.
		HttpResponse<byte[]> last = split("test/batches/33?batchSize=300");
		assertThat(last.statusCode()).isEqualTo(200);
		assertThat(split("test/batches/0?batchSize=300&format=json").statusCode()).isEqualTo(200);
		assertThat(split("test/batches/33?batchSize=300", "If-None-Match", header(last, "ETag")).statusCode()).isEqualTo(304);
		assertThat(split("test/batches/34?batchSize=300").statusCode()).isEqualTo(404);

		assertThat(npz.count() - npzBatches).isEqualTo(1);
		assertThat(npz.totalAmount() - npzImages).isEqualTo(100);
		assertThat(json.count() - jsonBatches).isEqualTo(1);
		assertThat(json.totalAmount() - jsonImages).isEqualTo(300);
	}

}
