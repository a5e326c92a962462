package org.fashionmnist.server.web.dataset;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.fashionmnist.server.OriginalFiles;
import org.fashionmnist.server.web.HttpTest;

import static org.assertj.core.api.Assertions.assertThat;

class ArrayApiTest extends HttpTest {

	@Test
	void imagesNpyIsTheWholeSplitAsUint8() {
		HttpResponse<byte[]> response = get(TEST + "/images.npy");

		assertThat(response.statusCode()).isEqualTo(200);
		int dataStart = assertNpyHeader(response.body(), "|u1", "(10000, 28, 28)");
		assertThat(header(response, "Content-Length")).isEqualTo(Integer.toString(response.body().length));
		assertThat(Arrays.copyOfRange(response.body(), dataStart, response.body().length)).isEqualTo(OriginalFiles.images("t10k"));
	}

	@Test
	void labelsNpyIsTheWholeSplitAsUint8() {
		HttpResponse<byte[]> response = get(TRAIN + "/labels.npy");

		int dataStart = assertNpyHeader(response.body(), "|u1", "(60000,)");
		assertThat(Arrays.copyOfRange(response.body(), dataStart, response.body().length)).isEqualTo(OriginalFiles.labels("train"));
	}

	@Test
	void anInterruptedDownloadResumesWithARangeRequest() {
		byte[] whole = get(TRAIN + "/images.npy").body();
		int cut = 20_000_011;

		HttpResponse<byte[]> rest = get(TRAIN + "/images.npy", "Range", "bytes=" + cut + "-");

		assertThat(rest.statusCode()).isEqualTo(206);
		assertThat(header(rest, "Content-Range")).isEqualTo("bytes " + cut + "-" + (whole.length - 1) + "/" + whole.length);
		assertThat(rest.body()).isEqualTo(Arrays.copyOfRange(whole, cut, whole.length));
		assertThat(header(get(TRAIN + "/images.npy", "Range", "bytes=0-0"), "Accept-Ranges")).isEqualTo("bytes");
	}

	@Test
	void theDatasetDocumentPublishesEachArraysSizeAndSha256ToCheckADownloadAgainst() throws Exception {
		JsonNode splits = getJson(DATASET).get("splits");
		for (String split : new String[] { "train", "test" }) {
			JsonNode arrays = splits.get(split).get("arrays");
			assertThat(arrays.valueStream().map((array) -> array.get("name").asString())).containsExactly("images.npy", "labels.npy");
			for (JsonNode array : arrays) {
				byte[] download = get(DATASET + "/splits/" + split + "/" + array.get("name").asString()).body();
				assertThat(array.get("size").asLong()).as(split + " " + array).isEqualTo(download.length);
				assertThat(array.get("sha256").asString()).as(split + " " + array)
					.isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(download)));
			}
		}
	}

	@Test
	void arraysRevalidateWithTheirEtag() {
		String etag = header(get(TEST + "/labels.npy"), "ETag");

		assertThat(get(TEST + "/labels.npy", "If-None-Match", etag).statusCode()).isEqualTo(304);
		assertThat(get(TRAIN + "/labels.npy", "If-None-Match", etag).statusCode()).isEqualTo(200);
	}

	@Test
	void unknownSplitIs404() {
		assertProblem(get(DATASET + "/splits/dev/images.npy"), 404);
	}

	/** Parses a .npy v1.0 header as numpy does, and returns where the data starts. */
	static int assertNpyHeader(byte[] npy, String descr, String shape) {
		assertThat(Arrays.copyOfRange(npy, 0, 6)).isEqualTo(new byte[] { (byte) 0x93, 'N', 'U', 'M', 'P', 'Y' });
		assertThat(npy[6]).isEqualTo((byte) 1);
		assertThat(npy[7]).isEqualTo((byte) 0);
		int headerLength = (npy[8] & 0xff) | ((npy[9] & 0xff) << 8);
		int dataStart = 10 + headerLength;
		assertThat(dataStart % 64).isZero();
		String dict = new String(npy, 10, headerLength, StandardCharsets.US_ASCII);
		assertThat(dict).endsWith("\n");
		assertThat(dict.trim()).isEqualTo("{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }");
		return dataStart;
	}

}
