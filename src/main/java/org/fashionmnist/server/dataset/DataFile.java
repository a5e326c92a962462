package org.fashionmnist.server.dataset;

/**
 * One original file of a dataset exactly as it was verified at start-up; its bytes are what the
 * server sends, so the published checksums always hold.
 */
public record DataFile(String name, String md5, String sha256, byte[] content) {

	public long size() {
		return this.content.length;
	}

}
