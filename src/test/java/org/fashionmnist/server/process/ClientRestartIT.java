package org.fashionmnist.server.process;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import org.fashionmnist.server.OriginalFiles;
import org.fashionmnist.server.PythonClient;
import org.fashionmnist.server.batch.EpochShuffle;
import org.fashionmnist.server.dataset.Selection;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Python client, as pip installs it, reads a shuffled epoch from one instance of the packaged jar that is
 * killed in the middle of the epoch and started again on the same port, as a supervisor restarts a service:
 * its retries wait for the instance to come back, and it hands over every item of the epoch exactly once, in
 * the epoch's order, with its image and label.
 */
class ClientRestartIT {

	/** Batches read before the instance is killed: well inside the epoch of 100. */
	private static final int KILL_AFTER = 30;

	private static final int BATCH_SIZE = 100;

	/**
	 * One batch per request, one request at a time, so that most of the epoch is still to be fetched when the
	 * instance dies; retries generous enough to wait for a JVM to start on a busy machine. Prints per batch
	 * its number, its indices and the SHA-256 of its images' and labels' bytes.
	 */
	private static final String PYTHON_EPOCH = """
			import hashlib, sys
			from fmnist_client import Client
			with Client(sys.argv[1], retries=600, backoff=0.25, max_backoff=0.5) as client:
			    epoch = client.epoch("test", batch_size=100, seed=5, epoch=1, dtype="uint8", normalize="none", layout="nhw",
			                         with_indices=True, fetch_size=100, inflight=1, prefetch=1)
			    for number, (images, labels, indices) in enumerate(epoch):
			        digest = hashlib.sha256(images.tobytes() + labels.tobytes()).hexdigest()
			        print(number, ",".join(map(str, indices.tolist())), digest, flush=True)
			""";

	@Test
	void anEpochSurvivesARestartOfTheServerWithNoItemLostOrRepeated() throws Exception {
		Path python = PythonClient.python();
		List<String> lines = new ArrayList<>();
		ServerProcess server = ServerProcess.start("client-restart").awaitReady();
		ServerProcess restarted = null;
		Process client = new ProcessBuilder(python.toString(), "-c", PYTHON_EPOCH, server.uri("").toString())
			.redirectError(ProcessBuilder.Redirect.appendTo(Path.of("target", "it-logs", "client-restart-python.log").toFile()))
			.start();
		try (BufferedReader output = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8))) {
			for (String line = output.readLine(); line != null; line = output.readLine()) {
				lines.add(line);
				if (lines.size() == KILL_AFTER) {
					server.kill();
					assertThat(server.awaitExit(Duration.ofSeconds(30))).as("exit code after SIGKILL").isEqualTo(137);
					restarted = server.restart().awaitReady();
				}
			}
		}
		finally {
			if (!client.waitFor(5, TimeUnit.MINUTES)) {
				client.destroyForcibly();
			}
			server.close();
			if (restarted != null) {
				restarted.close();
			}
		}

		assertThat(client.exitValue()).as("the client's exit code (its errors are in target/it-logs/client-restart-python.log)")
			.isZero();
		assertThat(restarted).as("the instance was killed and restarted").isNotNull();
		int[] order = EpochShuffle.order(Selection.all(10_000), 5, 1);
		assertThat(lines).hasSize(order.length / BATCH_SIZE);
		for (int batch = 0; batch < lines.size(); batch++) {
			String[] fields = lines.get(batch).split(" ");
			int[] expected = Arrays.copyOfRange(order, batch * BATCH_SIZE, (batch + 1) * BATCH_SIZE);
			assertThat(fields[0]).isEqualTo(Integer.toString(batch));
			assertThat(fields[1]).as("indices of batch %d", batch)
				.isEqualTo(Arrays.stream(expected).mapToObj(Integer::toString).collect(Collectors.joining(",")));
			assertThat(fields[2]).as("images and labels of batch %d", batch).isEqualTo(sha256(expected));
		}
	}

	/** The SHA-256 of the images of the test split's items {@code indices}, then of their labels. */
	private static String sha256(int[] indices) throws NoSuchAlgorithmException {
		byte[] images = OriginalFiles.images("t10k");
		byte[] labels = OriginalFiles.labels("t10k");
		MessageDigest digest = MessageDigest.getInstance("SHA-256");
		for (int index : indices) {
			digest.update(images, index * 784, 784);
		}
		for (int index : indices) {
			digest.update(labels[index]);
		}
		return HexFormat.of().formatHex(digest.digest());
	}

}
