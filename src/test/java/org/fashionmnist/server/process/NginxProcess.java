package org.fashionmnist.server.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * nginx balancing over {@link ServerProcess}es, started the way an operator starts it: with
 * {@code deploy/nginx/run.sh}, the configuration in {@code deploy/nginx/}, a free loopback port, and a
 * directory of its own in {@code target/it-nginx/} for its configuration, pid, logs and temporary files.
 */
public final class NginxProcess implements AutoCloseable {

	static final Path RUN_SCRIPT = Path.of("deploy", "nginx", "run.sh");

	private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

	private final int port;

	private final Process process;

	private final Path runDir;

	private NginxProcess(int port, Process process, Path runDir) {
		this.port = port;
		this.process = process;
		this.runDir = runDir;
	}

	/** The nginx binary on the PATH or where Debian installs it, if there is one. */
	public static Optional<Path> binary() {
		Stream<Path> path = Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
			.filter((dir) -> !dir.isEmpty())
			.map((dir) -> Path.of(dir, "nginx"));
		return Stream.concat(path, Stream.of(Path.of("/usr/sbin/nginx")))
			.filter(Files::isExecutable)
			.findFirst();
	}

	/** Starts nginx on a free port in front of the given instances, in round-robin order. */
	public static NginxProcess start(String name, Path nginx, List<ServerProcess> backends) {
		int port = ServerProcess.freePort();
		Path runDir = Path.of("target", "it-nginx", name).toAbsolutePath();
		List<String> command = new ArrayList<>(List.of("bash", RUN_SCRIPT.toString(), "127.0.0.1:" + port, runDir.toString()));
		backends.forEach((backend) -> command.add("127.0.0.1:" + backend.port()));
		try {
			deleteRecursively(runDir);
			Files.createDirectories(runDir);
			ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(runDir.resolve("nginx.out").toFile());
			builder.environment().put("NGINX_BINARY", nginx.toString());
			return new NginxProcess(port, builder.start(), runDir);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start " + command, ex);
		}
	}

	/** Waits until a request through nginx reaches an instance that is ready. */
	public NginxProcess awaitReady() {
		HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
		HttpRequest request = HttpRequest.newBuilder(uri("/actuator/health/readiness")).timeout(Duration.ofSeconds(5)).build();
		long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("nginx exited with " + this.process.exitValue() + ":\n" + read("nginx.out")
						+ read("logs/error.log"));
			}
			try {
				if (client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
					return this;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
			try {
				Thread.sleep(100);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
		throw new IllegalStateException("nginx was not ready within " + READY_TIMEOUT + ":\n" + read("logs/error.log"));
	}

	public int port() {
		return this.port;
	}

	public URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	/** Its error log: failed attempts and instances taken out of rotation. */
	public String errorLog() {
		return read("logs/error.log");
	}

	/** Its access log, one line per request with every instance tried ({@code upstream=a, b}). */
	public String accessLog() {
		return read("logs/access.log");
	}

	private String read(String file) {
		try {
			Path path = this.runDir.resolve(file);
			return Files.exists(path) ? Files.readString(path) : "";
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() {
		this.process.destroy(); // SIGTERM: nginx's fast shutdown
		try {
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
				this.process.waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void deleteRecursively(Path dir) throws IOException {
		if (!Files.exists(dir)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(dir)) {
			for (Path path : paths.sorted((a, b) -> b.compareTo(a)).toList()) {
				Files.delete(path);
			}
		}
	}

	@Override
	public String toString() {
		return "nginx (pid " + this.process.pid() + ", port " + this.port + ")";
	}

}
