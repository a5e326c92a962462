package org.fashionmnist.server.tensor;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.fashionmnist.server.tensor.TensorFiles.Decoded;

import static org.assertj.core.api.Assertions.assertThat;

class NpzEncoderTest extends TensorEncoderContract {

	@Override
	TensorEncoder encoder() {
		return TensorFormat.NPZ.encoder();
	}

	@Override
	String pinnedVersionAndDigest() {
		return "npz1 3d8149ad2584f5c49444394120581736c6f9d90455039f5e936504c71a8e329f";
	}

	@Override
	Map<String, Decoded> read(byte[] encoded) {
		return TensorFiles.readNpz(encoded);
	}

	@Test
	void storesOneNpyMemberPerTensorInOrderWithAFixedTimestamp(@TempDir Path dir) throws IOException {
		byte[] npz = encode(batchOfThree(table()));
		List<String> names = new ArrayList<>();
		try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(npz))) {
			for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
				names.add(entry.getName());
				assertThat(entry.getMethod()).isEqualTo(ZipEntry.STORED);
				assertThat(entry.getTimeLocal()).isEqualTo(LocalDateTime.of(1980, 1, 1, 0, 0, 2));
				assertThat(entry.getExtra()).isNull();
			}
		}
		assertThat(names).containsExactly("images.npy", "labels.npy", "indices.npy");
		Path file = Files.write(dir.resolve("batch.npz"), npz);
		try (ZipFile zip = new ZipFile(file.toFile())) {
			assertThat(zip.size()).isEqualTo(3);
			assertThat(zip.getEntry("labels.npy").getCrc()).isNotZero();
		}
	}

	@Test
	void writesNpyVersionOneHeadersAlignedTo64Bytes() throws IOException {
		byte[] npz = encode(batchOfThree(table()));
		try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(npz))) {
			zip.getNextEntry();
			byte[] npy = zip.readAllBytes();
			int headerLength = (npy[8] & 0xff) | (npy[9] & 0xff) << 8;
			String header = new String(npy, 10, headerLength, StandardCharsets.US_ASCII);
			assertThat((10 + headerLength) % 64).isZero();
			assertThat(header).startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (3, 1, 2, 2), }").endsWith(" \n");
			zip.getNextEntry();
			byte[] labels = zip.readAllBytes();
			int labelsHeaderLength = (labels[8] & 0xff) | (labels[9] & 0xff) << 8;
			assertThat(new String(labels, 10, labelsHeaderLength, StandardCharsets.US_ASCII))
				.isEqualTo("{'descr': '|u1', 'fortran_order': False, 'shape': (3,), }" + " ".repeat(128 - 10 - 57 - 1) + "\n");
			assertThat(labels).hasSize(128 + 3);
		}
	}

}
