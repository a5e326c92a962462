package org.fashionmnist.server.process;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.fashionmnist.server.OriginalFiles;
import org.fashionmnist.server.batch.EpochShuffle;
import org.fashionmnist.server.dataset.Selection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The OpenAPI description as the tools that read it use it, as docs/clients.md tells users to: from the packaged
 * jar's live {@code /v3/api-docs}, openapi-generator writes a TypeScript client ({@code typescript-fetch}) and a Java
 * client ({@code java}, library {@code native}); tsc and javac compile each with a hand-written caller
 * ({@code src/test/openapi/}) that calls the server through it (datasets, items by label, an epoch plan and an npz
 * batch, an image, predictions from a PNG and from JSON, V2 metadata and inference with and without a version),
 * and both callers must print what the dataset and the model say. Spectral ({@code spectral:oas}) and Redocly
 * ({@code recommended}) must find nothing to report, not even a warning.
 * <p>
 * The generator and the Java client's libraries come from Maven (the pom copies them to
 * {@code target/openapi-clients/}); tsc and the linters from npm, at the versions
 * {@code src/test/openapi/package-lock.json} pins, installed once under {@code target/openapi-clients/node/}.
 * Skipped, with a message, where node or npm is missing, except in CI ({@code CI=true}), where that fails. Logs of
 * every step are in {@code target/it-logs/openapi-*.log}.
 */
class OpenApiClientsIT {

	private static final Path SOURCES = Path.of("src", "test", "openapi");

	private static final Path WORK = Path.of(System.getProperty("openapi-clients.dir", "target/openapi-clients")).toAbsolutePath();

	private static final Path LOGS = Path.of("target", "it-logs").toAbsolutePath();

	private static final String JAVA = ProcessHandle.current().info().command().orElse("java");

	/** Redocly's: no usage data sent, no update notice looked up (no network but the registries here). */
	private static final Map<String, String> QUIET = Map.of("REDOCLY_TELEMETRY", "off", "REDOCLY_SUPPRESS_UPDATE_NOTICE", "true",
			"NO_COLOR", "1");

	private static ServerProcess server;

	private static Path document;

	private static Path nodeModules;

	@BeforeAll
	static void fetchTheDescriptionFromTheRunningJar() throws Exception {
		Files.createDirectories(LOGS);
		Files.deleteIfExists(LOGS.resolve("openapi-steps.log"));
		long started = System.nanoTime();
		server = ServerProcess.start("openapi-clients").awaitReady();
		logStep("openapi-server-start", started);
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(server.uri("/v3/api-docs")).build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		Files.createDirectories(WORK);
		document = Files.writeString(WORK.resolve("openapi.json"), response.body());
	}

	@AfterAll
	static void stopTheServer() {
		if (server != null) {
			server.close();
		}
	}

	@Test
	void generatedTypeScriptAndJavaClientsCompileAndCallEveryKindOfOperation() throws Exception {
		Path node = executable("node");
		Path tsc = tools().resolve(".bin").resolve("tsc");
		String base = server.uri("").toString();

		Path typescript = WORK.resolve("typescript");
		generate("typescript-fetch", typescript);
		Files.copy(SOURCES.resolve("calls.ts"), WORK.resolve("calls.ts"), StandardCopyOption.REPLACE_EXISTING);
		Files.copy(SOURCES.resolve("tsconfig.json"), WORK.resolve("tsconfig.json"), StandardCopyOption.REPLACE_EXISTING);
		deleteRecursively(WORK.resolve("build"));
		Output compiled = run("openapi-tsc", WORK, List.of(tsc.toString(), "-p", "tsconfig.json"));
		assertThat(compiled.stdout() + compiled.stderr()).as("tsc's output").isBlank();
		List<String> typescriptCalls = run("openapi-typescript-calls", WORK, List.of(node.toString(), "build/calls.js", base)).lines();

		Path java = WORK.resolve("java");
		generate("java", java, "--library", "native");
		List<String> javaCalls = run("openapi-java-calls", WORK,
				List.of(JAVA, "-cp", compileJava(java).toString() + File.pathSeparator + WORK.resolve("java-lib").resolve("*"),
						"Calls", base))
			.lines();

		List<String> expected = expectedCalls();
		assertThat(typescriptCalls).as("what the TypeScript client got").containsExactlyElementsOf(expected);
		assertThat(javaCalls).as("what the Java client got").containsExactlyElementsOf(expected);
	}

	@Test
	void spectralAndRedoclyFindNothingToReport() throws Exception {
		Path bin = tools().resolve(".bin");
		Path root = Path.of("").toAbsolutePath();

		// Any result, down to a hint, fails (exit code 1); the rule set is the repository's .spectral.yaml.
		Output spectral = run("openapi-spectral", root, List.of(bin.resolve("spectral").toString(), "lint", "--ruleset",
				".spectral.yaml", "--fail-severity", "hint", document.toString()));
		assertThat(spectral.stdout()).contains("No results with a severity of 'hint' or higher found!");

		// Redocly fails on errors only: its report must count no warning either.
		Output redocly = run("openapi-redocly", root, List.of(bin.resolve("redocly").toString(), "lint", "--config", "redocly.yaml",
				"--format", "json", document.toString()));
		JsonNode report = JsonMapper.builder().build().readTree(redocly.stdout());
		String problems = report.get("problems")
			.valueStream()
			.map((problem) -> problem.get("severity").asString() + " " + problem.get("ruleId").asString() + ": "
					+ problem.get("message").asString() + " at " + problem.get("location").get(0).get("pointer").asString())
			.collect(Collectors.joining("\n"));
		assertThat(problems).as("Redocly's problems").isEmpty();
		assertThat(report.get("totals").get("errors").asInt()).isZero();
		assertThat(report.get("totals").get("warnings").asInt()).isZero();
	}

	/** What both callers print, from the dataset's own files and the epoch order the README documents. */
	private static List<String> expectedCalls() {
		byte[] labels = OriginalFiles.labels("t10k");
		int[] shirtsAndSneakers = IntStream.range(0, labels.length).filter((i) -> labels[i] == 3 || labels[i] == 7).toArray();
		int[] epoch = EpochShuffle.order(Selection.all(labels.length), 7, 1);
		assertThat(labels[0]).as("the label of test image 0, an ankle boot").isEqualTo((byte) 9);
		String metadata = "baseline versions 1, input input UINT8 [-1, 1, 28, 28], output probabilities FP32 [-1, 10]";
		return List.of("datasets: fashion-mnist (train, test)",
				"items: " + shirtsAndSneakers.length + " with label 3 or 7, first 6: " + indexed(shirtsAndSneakers, 6, labels),
				"plan: 10000 items, 40 batches of 256",
				"batch 0 of 40: images.npy |u1 (256, 28, 28), labels.npy |u1 (256,), indices.npy <i8 (256,), first 4: "
						+ indexed(epoch, 4, labels),
				"image: PNG 28x28, bit depth 8, colour type 0", "prediction from PNG: 9 Ankle boot",
				"prediction from JSON: 9 Ankle boot", "v2 metadata: " + metadata, "v2 version 1 metadata: " + metadata,
				"v2 version 2 metadata: 404 Model 'baseline' has no version '2'; its one version is '1'.",
				"v2 infer: test-0 baseline probabilities FP32 [1, 10], class 9",
				"v2 version 1 infer: test-0 baseline probabilities FP32 [1, 10], class 9");
	}

	private static String indexed(int[] indices, int count, byte[] labels) {
		return Arrays.stream(indices).limit(count).mapToObj((i) -> i + ":" + labels[i]).collect(Collectors.joining(" "));
	}

	/** Runs openapi-generator on the fetched description, as docs/clients.md shows, into an emptied {@code output}. */
	private static void generate(String generator, Path output, String... options) throws Exception {
		deleteRecursively(output);
		List<String> command = new ArrayList<>(List.of(JAVA, "-jar", WORK.resolve("openapi-generator-cli.jar").toString(),
				"generate", "-i", document.toString(), "-g", generator, "-o", output.toString()));
		command.addAll(List.of(options));
		run("openapi-generate-" + generator, WORK, command);
	}

	/** Compiles the generated Java client with the caller, against the libraries its pom.xml names; returns the classes. */
	private static Path compileJava(Path generated) throws IOException {
		Path classes = WORK.resolve("java-classes");
		deleteRecursively(classes);
		Files.createDirectories(classes);
		List<String> arguments = new ArrayList<>(List.of("-encoding", "UTF-8", "-d", classes.toString(), "-cp", libraries()));
		try (Stream<Path> sources = Files.walk(generated.resolve("src").resolve("main").resolve("java"))) {
			sources.filter((file) -> file.toString().endsWith(".java")).map(Path::toString).forEach(arguments::add);
		}
		arguments.add(SOURCES.resolve("Calls.java").toString());
		JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
		assertThat(javac).as("a JDK's compiler").isNotNull();
		ByteArrayOutputStream output = new ByteArrayOutputStream();
		long started = System.nanoTime();
		int exit = javac.run(null, output, output, arguments.toArray(String[]::new));
		logStep("openapi-javac", started);
		String messages = output.toString(StandardCharsets.UTF_8);
		Files.writeString(LOGS.resolve("openapi-javac.log"), messages);
		assertThat(exit).as("javac's exit code; its messages:\n%s", messages).isZero();
		return classes;
	}

	private static String libraries() throws IOException {
		try (Stream<Path> jars = Files.list(WORK.resolve("java-lib"))) {
			return jars.map(Path::toString).sorted().collect(Collectors.joining(File.pathSeparator));
		}
	}

	/**
	 * The npm packages package-lock.json pins, installed with {@code npm ci} unless the same lock file was installed
	 * before; returns their {@code node_modules}.
	 */
	private static synchronized Path tools() throws Exception {
		if (nodeModules != null) {
			return nodeModules;
		}
		executable("node");
		Path npm = executable("npm");
		Path directory = WORK.resolve("node");
		Path lock = directory.resolve("package-lock.json");
		Path installed = directory.resolve("node_modules");
		boolean current = Files.isRegularFile(lock) && Files.isExecutable(installed.resolve(".bin").resolve("redocly"))
				&& Arrays.equals(Files.readAllBytes(lock), Files.readAllBytes(SOURCES.resolve("package-lock.json")));
		if (!current) {
			deleteRecursively(directory);
			Files.createDirectories(directory);
			Files.copy(SOURCES.resolve("package.json"), directory.resolve("package.json"));
			Files.copy(SOURCES.resolve("package-lock.json"), lock);
			run("openapi-npm-ci", directory, List.of(npm.toString(), "ci", "--prefer-offline", "--no-audit", "--no-fund",
					"--ignore-scripts"));
		}
		nodeModules = installed;
		return installed;
	}

	/** {@code name} on the PATH; skips the test where there is none, except in CI, where that fails. */
	private static Path executable(String name) {
		Optional<Path> found = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
			.filter((directory) -> !directory.isEmpty())
			.map((directory) -> Path.of(directory, name))
			.filter(Files::isExecutable)
			.findFirst();
		if (found.isEmpty()) {
			String message = "OpenApiClientsIT needs Node.js and npm (apt-get install -y nodejs npm); no " + name + " on the PATH";
			if ("true".equalsIgnoreCase(System.getenv("CI"))) {
				fail(message);
			}
			Assumptions.abort(message);
		}
		return found.get();
	}

	private record Output(String stdout, String stderr) {

		List<String> lines() {
			return this.stdout.lines().toList();
		}

	}

	/**
	 * Runs {@code command} in {@code directory}, its output and errors kept in {@code target/it-logs/NAME.out} and
	 * {@code .err}, and fails unless it exits with 0 within ten minutes.
	 */
	private static Output run(String name, Path directory, List<String> command) throws Exception {
		Path out = LOGS.resolve(name + ".out");
		Path err = LOGS.resolve(name + ".err");
		ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
			.redirectOutput(out.toFile())
			.redirectError(err.toFile());
		builder.environment().putAll(QUIET);
		long started = System.nanoTime();
		Process process = builder.start();
		process.getOutputStream().close();
		try {
			if (!process.waitFor(10, TimeUnit.MINUTES)) {
				fail(name + " did not finish within 10 minutes: " + command);
			}
		}
		finally {
			process.destroyForcibly();
		}
		logStep(name, started);
		Output output = new Output(Files.readString(out), Files.readString(err));
		if (process.exitValue() != 0) {
			fail(name + " exited with " + process.exitValue() + ": " + command + "\n" + tail(output.stdout()) + "\n" + tail(output.stderr()));
		}
		return output;
	}

	/** Adds the time a step took, since {@code started}, to {@code target/it-logs/openapi-steps.log}. */
	private static void logStep(String name, long started) throws IOException {
		Files.writeString(LOGS.resolve("openapi-steps.log"),
				String.format("%s: %d ms%n", name, Duration.ofNanos(System.nanoTime() - started).toMillis()), StandardCharsets.UTF_8,
				StandardOpenOption.CREATE, StandardOpenOption.APPEND);
	}

	private static String tail(String text) {
		return text.substring(Math.max(0, text.length() - 4000));
	}

	private static void deleteRecursively(Path path) throws IOException {
		if (!Files.exists(path)) {
			return;
		}
		try (Stream<Path> files = Files.walk(path)) {
			files.sorted(Comparator.reverseOrder()).forEach((file) -> {
				try {
					Files.delete(file);
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			});
		}
	}

}
