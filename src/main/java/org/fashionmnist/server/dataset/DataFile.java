package org.fashionmnist.server.dataset;

/**
 * One original file of a dataset exactly as it was verified at start-up; its bytes are what the
 * server sends, so the published checksums always hold. Its MD5 (published for the files' users, not
 * needed to verify them) is computed when first asked for, not during start-up.
 */
public final class DataFile {

	private final String name;

	private final String sha256;

	private final byte[] content;

	private volatile String md5;

	DataFile(String name, String sha256, byte[] content) {
		this.name = name;
		this.sha256 = sha256;
		this.content = content;
	}

	public String name() {
		return this.name;
	}

	public String sha256() {
		return this.sha256;
	}

	public String md5() {
		String md5 = this.md5;
		if (md5 == null) {
			md5 = Digests.md5Hex(this.content);
			this.md5 = md5;
		}
		return md5;
	}

	public byte[] content() {
		return this.content;
	}

	public long size() {
		return this.content.length;
	}

}
