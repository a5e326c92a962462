package org.fashionmnist.server.dataset;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Message digests every JVM provides, as lower-case hex. */
final class Digests {

	private Digests() {
	}

	static MessageDigest sha256() {
		return get("SHA-256");
	}

	static String sha256Hex(byte[] bytes) {
		return HexFormat.of().formatHex(sha256().digest(bytes));
	}

	static String md5Hex(byte[] bytes) {
		return HexFormat.of().formatHex(get("MD5").digest(bytes));
	}

	private static MessageDigest get(String algorithm) {
		try {
			return MessageDigest.getInstance(algorithm);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every Java platform must support " + algorithm, ex);
		}
	}

}
