package org.fashionmnist.server.web.dataset;

import java.net.http.HttpResponse;
import java.util.Arrays;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import org.fashionmnist.server.web.HttpTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Range requests on every download (the two arrays and an original file) as RFC 9110 describes them:
 * a satisfiable byte range is a 206, an unsatisfiable or invalid one a 416 problem without the file, a
 * range in another unit or with a stale {@code If-Range} is ignored, and each is saved under its name.
 */
class DownloadRangeApiTest extends HttpTest {

	private static final String FILES = DATASET + "/files/";

	@ParameterizedTest
	@ValueSource(strings = { TEST + "/labels.npy", TEST + "/images.npy", FILES + "t10k-labels-idx1-ubyte.gz" })
	void aRangePastTheEndIsA416ProblemWithoutTheFile(String path) {
		long length = get(path).body().length;

		for (String range : new String[] { "bytes=" + length + "-", "bytes=" + (length + 5) + "-" + (length + 9) }) {
			HttpResponse<byte[]> response = get(path, "Range", range);

			JsonNode problem = assertProblem(response, 416);
			assertThat(header(response, "Content-Range")).isEqualTo("bytes */" + length);
			assertThat(problem.get("detail").asString()).contains(range).contains(Long.toString(length));
			assertThat(response.body().length).as("a problem, not the file").isLessThan(1000);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "bytes=abc", "bytes=10-5", "bytes=" })
	void anInvalidByteRangeIsA416Problem(String range) {
		long length = get(TEST + "/labels.npy").body().length;

		HttpResponse<byte[]> response = get(TEST + "/labels.npy", "Range", range);

		assertProblem(response, 416);
		assertThat(header(response, "Content-Range")).isEqualTo("bytes */" + length);
	}

	@ParameterizedTest
	@ValueSource(strings = { "items=0-5", "lines=1-2", "0-5" })
	void aRangeInAnotherUnitIsIgnored(String range) {
		byte[] whole = get(TEST + "/labels.npy").body();

		HttpResponse<byte[]> response = get(TEST + "/labels.npy", "Range", range);

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo(whole);
		assertThat(header(response, "Content-Length")).isEqualTo(Integer.toString(whole.length));
		assertThat(header(response, "Accept-Ranges")).isEqualTo("bytes");
		assertThat(header(response, "Content-Range")).isNull();
	}

	@ParameterizedTest
	@ValueSource(strings = { TEST + "/labels.npy", FILES + "t10k-labels-idx1-ubyte.gz" })
	void ifRangeResumesOnlyTheSameEntity(String path) {
		HttpResponse<byte[]> whole = get(path);
		String etag = header(whole, "ETag");

		HttpResponse<byte[]> resumed = get(path, "Range", "bytes=100-", "If-Range", etag);
		assertThat(resumed.statusCode()).isEqualTo(206);
		assertThat(resumed.body()).isEqualTo(Arrays.copyOfRange(whole.body(), 100, whole.body().length));

		for (String stale : new String[] { "\"another\"", "W/" + etag, "Sun, 29 Nov 2026 10:00:00 GMT" }) {
			HttpResponse<byte[]> restarted = get(path, "Range", "bytes=100-", "If-Range", stale);
			assertThat(restarted.statusCode()).as("If-Range: %s", stale).isEqualTo(200);
			assertThat(restarted.body()).isEqualTo(whole.body());
			assertThat(header(restarted, "ETag")).isEqualTo(etag);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { TEST + "/images.npy", TEST + "/labels.npy", FILES + "t10k-images-idx3-ubyte.gz" })
	void downloadsAreSavedUnderTheirNames(String path) {
		String name = path.substring(path.lastIndexOf('/') + 1);
		String expected = path.startsWith(FILES) ? name : "fashion-mnist-test-" + name;

		assertThat(header(get(path, "Range", "bytes=0-9"), "Content-Disposition")).isEqualTo("attachment; filename=\"" + expected + "\"");
		assertThat(header(get(path, "Range", "items=0-9"), "Content-Disposition")).isEqualTo("attachment; filename=\"" + expected + "\"");
	}

}
