package org.fashionmnist.server.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * The packaged jar running as an operator runs it: its own JVM ({@code java -Xmx256m -jar}), the
 * bundled data and model, a free loopback port and, as the Docker image has it, a probe connector on
 * another ({@code fmnist.probes.port}), its log in {@code target/it-logs/}; in the build's
 * working directory (the repository's root) unless given another. Used by the {@code *IT} tests that
 * failsafe runs after {@code package}, for what an in-process test cannot show: signals, separate
 * processes behind a balancer, a process that dies, a jar copied elsewhere.
 */
public final class ServerProcess implements AutoCloseable {

	private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);

	private final String name;

	private final int port;

	private final int probePort;

	private final Process process;

	private final Path log;

	private final @Nullable Path directory;

	private final Path jar;

	private final List<String> jvmArguments;

	private final List<String> applicationArguments;

	private final Map<String, String> environment;

	private ServerProcess(String name, int port, int probePort, Process process, Path log, @Nullable Path directory, Path jar,
			List<String> jvmArguments, List<String> applicationArguments, Map<String, String> environment) {
		this.name = name;
		this.port = port;
		this.probePort = probePort;
		this.process = process;
		this.log = log;
		this.directory = directory;
		this.jar = jar;
		this.jvmArguments = jvmArguments;
		this.applicationArguments = applicationArguments;
		this.environment = environment;
	}

	/** Starts the jar on a free port with {@code -Xmx256m} and the given extra arguments. */
	public static ServerProcess start(String name, List<String> jvmArguments, List<String> applicationArguments) {
		return start(name, freePort(), freePort(), null, jar(), jvmArguments, applicationArguments, Map.of());
	}

	/**
	 * Starts the jar on a free port with {@code -Xmx256m} and these variables added to its environment, as
	 * {@code docker run -e} or a Kubernetes container's {@code env} would set them.
	 */
	public static ServerProcess start(String name, Map<String, String> environment) {
		return start(name, freePort(), freePort(), null, jar(), List.of(), List.of(), environment);
	}

	/**
	 * Starts {@code jar} (a copy of the packaged one, say) with {@code directory} as its working directory, on
	 * a free port with {@code -Xmx256m} and the given extra arguments.
	 */
	public static ServerProcess start(String name, Path directory, Path jar, List<String> applicationArguments) {
		return start(name, freePort(), freePort(), directory, jar, List.of(), applicationArguments, Map.of());
	}

	private static ServerProcess start(String name, int port, int probePort, @Nullable Path directory, Path jar,
			List<String> jvmArguments, List<String> applicationArguments, Map<String, String> environment) {
		Path log = Path.of("target", "it-logs", name + ".log").toAbsolutePath();
		List<String> command = new ArrayList<>();
		command.add(ProcessHandle.current().info().command().orElse("java"));
		command.add("-Xmx256m");
		command.addAll(jvmArguments);
		command.add("-jar");
		command.add(jar.toAbsolutePath().toString());
		command.add("--server.port=" + port);
		command.add("--fmnist.probes.port=" + probePort);
		command.addAll(applicationArguments);
		try {
			Files.createDirectories(log.getParent());
			ProcessBuilder builder = new ProcessBuilder(command).directory((directory != null) ? directory.toFile() : null)
				.redirectErrorStream(true)
				.redirectOutput(log.toFile());
			builder.environment().putAll(environment);
			Process process = builder.start();
			return new ServerProcess(name, port, probePort, process, log, directory, jar, List.copyOf(jvmArguments),
					List.copyOf(applicationArguments), Map.copyOf(environment));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start " + command, ex);
		}
	}

	/**
	 * Starts this instance again, after it exited, on the same ports with the same arguments, as a
	 * supervisor restarts a service; its log goes to a file of its own ({@code NAME-restarted.log}).
	 */
	public ServerProcess restart() {
		if (this.process.isAlive()) {
			throw new IllegalStateException(this + " is still running");
		}
		return start(this.name + "-restarted", this.port, this.probePort, this.directory, this.jar, this.jvmArguments,
				this.applicationArguments, this.environment);
	}

	public static ServerProcess start(String name) {
		return start(name, List.of(), List.of());
	}

	/** The jar failsafe was told about ({@code app.jar}), or the one {@code package} left in target/. */
	static Path jar() {
		String configured = System.getProperty("app.jar");
		Path jar = (configured != null) ? Path.of(configured) : findJar();
		if (!Files.isRegularFile(jar)) {
			throw new IllegalStateException("No application jar at " + jar + ": run `./mvnw verify`, not the test alone");
		}
		return jar;
	}

	private static Path findJar() {
		try (var files = Files.list(Path.of("target"))) {
			return files.filter((file) -> file.getFileName().toString().matches("fashion-mnist-server-.*(?<!-plain)\\.jar"))
				.findFirst()
				.orElse(Path.of("target", "fashion-mnist-server.jar"));
		}
		catch (IOException ex) {
			return Path.of("target", "fashion-mnist-server.jar");
		}
	}

	public static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Waits until readiness answers 200, failing with the log's tail if the process dies or time runs out. */
	public ServerProcess awaitReady() {
		return awaitReady(READY_TIMEOUT);
	}

	/**
	 * As {@link #awaitReady()}, with a timeout of one's own: several instances starting together on two
	 * cores take several times as long as one.
	 */
	public ServerProcess awaitReady(Duration timeout) {
		HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
		HttpRequest request = HttpRequest.newBuilder(uri("/actuator/health/readiness")).timeout(Duration.ofSeconds(5)).build();
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException(this.name + " exited with " + this.process.exitValue() + " before it was ready:\n" + logTail());
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
			sleep(Duration.ofMillis(200));
		}
		throw new IllegalStateException(this.name + " was not ready within " + timeout + ":\n" + logTail());
	}

	public int port() {
		return this.port;
	}

	public long pid() {
		return this.process.pid();
	}

	public URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	/** {@code path} on the probe connector, which serves {@code /actuator} and {@code /v2/health} only. */
	public URI probeUri(String path) {
		return URI.create("http://127.0.0.1:" + this.probePort + path);
	}

	public boolean isAlive() {
		return this.process.isAlive();
	}

	/** Sends SIGTERM, as {@code docker stop} and Kubernetes do. */
	public void terminate() {
		this.process.destroy();
	}

	/** Sends SIGKILL: the process dies with its requests in flight. */
	public void kill() {
		this.process.destroyForcibly();
	}

	/** Waits for the process to exit and returns its exit code, or fails after the timeout. */
	public int awaitExit(Duration timeout) {
		try {
			if (!this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				throw new IllegalStateException(this.name + " still running after " + timeout + ":\n" + logTail());
			}
			return this.process.exitValue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	public String log() {
		try {
			return Files.readString(this.log);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The last 4,000 characters of the log, for failure messages. */
	public String logTail() {
		String log = log();
		return log.substring(Math.max(0, log.length() - 4000));
	}

	@Override
	public void close() {
		if (this.process.isAlive()) {
			this.process.destroyForcibly();
			try {
				this.process.waitFor(30, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public String toString() {
		return this.name + " (pid " + pid() + ", port " + this.port + ")";
	}

}
