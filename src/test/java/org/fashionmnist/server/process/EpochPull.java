package org.fashionmnist.server.process;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.IntConsumer;
import java.util.stream.Collectors;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.fashionmnist.server.tensor.TensorFiles;
import org.fashionmnist.server.tensor.TensorFiles.Decoded;

/**
 * One sharded, shuffled epoch of the train split pulled over HTTP as a training client pulls it:
 * both shards' plans, then every batch as npz with several requests in flight.
 *
 * @param batches every batch received
 * @param failures the batches not received, with the last error
 * @param retries the attempts that failed with an I/O error (a connection refused or reset, a body
 * cut short) and were repeated, or ended in a failure
 */
record EpochPull(Map<Batch, Received> batches, Map<Batch, String> failures, List<String> retries) {

	static final String BATCHES = "/api/v1/datasets/fashion-mnist/splits/train/batches";

	/** Two shards of 30,000 items, 59 batches of up to 512 each. */
	static final String EPOCH = "batchSize=512&shuffle=true&seed=7&epoch=3&numShards=2&format=npz";

	static final int SHARDS = 2;

	/** Requests in flight at once, as the Python client's prefetching keeps several. */
	static final int CONCURRENCY = 4;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/**
	 * Pulls both shards of the epoch with {@value #CONCURRENCY} requests in flight, each tried at most
	 * {@code attempts} times; {@code onReceived} is called with the running count of batches received.
	 */
	static EpochPull pull(HttpClient client, Function<String, URI> base, int attempts, IntConsumer onReceived) {
		List<Batch> batches = new ArrayList<>();
		for (int shard = 0; shard < SHARDS; shard++) {
			JsonNode plan = JSON.readTree(plan(client, base.apply(BATCHES + "?" + EPOCH + "&shard=" + shard)));
			for (int index = 0; index < plan.get("numBatches").asInt(); index++) {
				batches.add(new Batch(shard, index));
			}
		}
		Map<Batch, Received> received = new ConcurrentHashMap<>();
		Map<Batch, String> failures = new ConcurrentHashMap<>();
		List<String> retries = new ArrayList<>();
		AtomicInteger count = new AtomicInteger();
		ExecutorService pool = Executors.newFixedThreadPool(CONCURRENCY);
		try {
			List<Future<?>> tasks = batches.stream().map((batch) -> pool.submit(() -> {
				URI uri = base.apply(BATCHES + "/" + batch.index() + "?" + EPOCH + "&shard=" + batch.shard());
				for (int attempt = 1; attempt <= attempts; attempt++) {
					try {
						HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).build(),
								HttpResponse.BodyHandlers.ofByteArray());
						if (response.statusCode() != 200) {
							failures.put(batch, "HTTP " + response.statusCode() + ": " + new String(response.body(), StandardCharsets.UTF_8));
							return;
						}
						received.put(batch, Received.of(response.body()));
						onReceived.accept(count.incrementAndGet());
						return;
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
						failures.put(batch, ex.toString());
						return;
					}
					catch (IOException ex) {
						synchronized (retries) {
							retries.add(batch + " attempt " + attempt + ": " + ex);
						}
						if (attempt == attempts) {
							failures.put(batch, ex.toString());
						}
					}
				}
			})).collect(Collectors.toList());
			for (Future<?> task : tasks) {
				task.get();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException(ex.getCause());
		}
		finally {
			pool.shutdownNow();
		}
		return new EpochPull(new TreeMap<>(received), new TreeMap<>(failures), List.copyOf(retries));
	}

	private static byte[] plan(HttpClient client, URI uri) {
		try {
			HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).build(),
					HttpResponse.BodyHandlers.ofByteArray());
			if (response.statusCode() != 200) {
				throw new IllegalStateException("GET " + uri + ": HTTP " + response.statusCode());
			}
			return response.body();
		}
		catch (IOException ex) {
			throw new IllegalStateException("GET " + uri + " failed", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** Batch {@code index} of shard {@code shard}. */
	record Batch(int shard, int index) implements Comparable<Batch> {

		@Override
		public int compareTo(Batch other) {
			return (this.shard != other.shard) ? Integer.compare(this.shard, other.shard) : Integer.compare(this.index, other.index);
		}

		@Override
		public String toString() {
			return "shard " + this.shard + " batch " + this.index;
		}

	}

	/**
	 * A batch as received: the SHA-256 of its bytes, the arrays decoded from them, and the SHA-256 of
	 * the arrays' own bytes (images, labels, indices, one after the other, as numpy's {@code tobytes()}
	 * gives them), which a client that decodes the batch can compute too.
	 */
	record Received(String sha256, long[] indices, byte[] labels, String arraysSha256) {

		static Received of(byte[] npz) {
			Map<String, Decoded> arrays = TensorFiles.readNpz(npz);
			return new Received(sha256(npz), arrays.get("indices").int64s(), arrays.get("labels").data(),
					sha256(arrays.get("images").data(), arrays.get("labels").data(), arrays.get("indices").data()));
		}

		private static String sha256(byte[]... parts) {
			try {
				MessageDigest digest = MessageDigest.getInstance("SHA-256");
				for (byte[] part : parts) {
					digest.update(part);
				}
				return HexFormat.of().formatHex(digest.digest());
			}
			catch (NoSuchAlgorithmException ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

}
