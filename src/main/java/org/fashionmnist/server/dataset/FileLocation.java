package org.fashionmnist.server.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Where a file the server reads at start-up is: on the file system, where the configuration points, or
 * bundled in the application itself, on its class path under {@code bundled/} (the build packs the
 * repository's {@code data/fashion-mnist} and {@code models} there), so that the jar runs from any working
 * directory with nothing beside it. Read the same way from either place, a file is verified the same way,
 * and its {@code toString} names it in messages: its absolute path, or {@code classpath:bundled/...}.
 */
public sealed interface FileLocation {

	/** A file or directory on the file system, relative to the working directory or absolute. */
	static FileLocation of(Path path) {
		return new OnDisk(path);
	}

	/** A file or directory the build bundled into the application, such as {@code data/fashion-mnist}. */
	static FileLocation bundled(String path) {
		return new Bundled(path);
	}

	/** The file's name, without its directory. */
	String name();

	/** The file called {@code name} in this directory. */
	FileLocation resolve(String name);

	/** The file called {@code name} in the same directory as this one. */
	FileLocation resolveSibling(String name);

	/**
	 * The whole content of the file.
	 * @throws NoSuchFileException if there is no such file
	 */
	byte[] read() throws IOException;

	/** A file on the file system. */
	record OnDisk(Path path) implements FileLocation {

		@Override
		public String name() {
			return this.path.getFileName().toString();
		}

		@Override
		public FileLocation resolve(String name) {
			return new OnDisk(this.path.resolve(name));
		}

		@Override
		public FileLocation resolveSibling(String name) {
			return new OnDisk(this.path.resolveSibling(name));
		}

		@Override
		public byte[] read() throws IOException {
			return Files.readAllBytes(this.path);
		}

		@Override
		public String toString() {
			return this.path.toAbsolutePath().toString();
		}

	}

	/**
	 * A file in the application, found by the class loader that loaded the server: inside the jar when it
	 * runs packaged, in {@code target/classes} when it runs from the build.
	 *
	 * @param path the file's path under {@code bundled/}, '/'-separated
	 */
	record Bundled(String path) implements FileLocation {

		private static final String ROOT = "bundled/";

		@Override
		public String name() {
			return this.path.substring(this.path.lastIndexOf('/') + 1);
		}

		@Override
		public FileLocation resolve(String name) {
			return new Bundled(this.path + "/" + name);
		}

		@Override
		public FileLocation resolveSibling(String name) {
			int slash = this.path.lastIndexOf('/');
			return new Bundled((slash >= 0) ? this.path.substring(0, slash + 1) + name : name);
		}

		/** Reads into an array of the entry's size, which the jar records: no growing and copying of buffers. */
		@Override
		public byte[] read() throws IOException {
			URL url = FileLocation.class.getClassLoader().getResource(ROOT + this.path);
			if (url == null) {
				throw new NoSuchFileException(toString());
			}
			URLConnection connection = url.openConnection();
			long size = connection.getContentLengthLong();
			try (InputStream in = connection.getInputStream()) {
				if (size < 0 || size > Integer.MAX_VALUE - 8) {
					return in.readAllBytes();
				}
				byte[] content = new byte[(int) size];
				int read = in.readNBytes(content, 0, content.length);
				if (read != content.length || in.read() != -1) {
					throw new IOException("expected " + size + " bytes, as the class path states, found "
							+ ((read != content.length) ? read : "more"));
				}
				return content;
			}
		}

		@Override
		public String toString() {
			return "classpath:" + ROOT + this.path;
		}

	}

}
