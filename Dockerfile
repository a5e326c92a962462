# syntax=docker/dockerfile:1
# Build:  docker build -t fashion-mnist-server .        (podman: podman build --format docker ...)
# Run:    docker run -p 8080:8080 fashion-mnist-server

# ---- build: compile (and process ahead of time) with the Maven wrapper, then unpack the jar for fast start-up ----
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY mvnw pom.xml ./
COPY .mvn .mvn
# Dependencies change less often than code: resolve them in a layer of their own.
RUN ./mvnw -B -q dependency:go-offline
# The dataset and the model, which the build bundles into the jar (the pom's resources): the image's only copy.
COPY data/fashion-mnist data/fashion-mnist
COPY models/baseline.onnx models/baseline.json models/
COPY src src
COPY --chmod=755 docker/extract.sh ./
RUN ./mvnw -B -q -o package -DskipTests \
 && ./extract.sh target/fashion-mnist-server-*.jar /app \
 && mv /app/fashion-mnist-server-*.jar /app/app.jar

# ---- run: a JRE, the unpacked application (the data and the model inside it), a non-root user ----
FROM eclipse-temurin:17-jre
RUN groupadd --gid 10001 fmnist \
 && useradd --uid 10001 --gid fmnist --no-create-home --shell /usr/sbin/nologin fmnist
WORKDIR /app
COPY --from=build /app ./
COPY --chmod=755 docker/healthcheck.sh healthcheck.sh
COPY docker/jvm.options jvm.options
COPY docker/compiler-directives.json docker/compiler-directives.json
# A class-data sharing archive, recorded by one start that runs until it answered its readiness probe,
# makes every later start faster (the data and the model are verified here too).
COPY --chmod=755 docker/cds-archive.sh /tmp/
RUN cp healthcheck.sh /tmp/ && /tmp/cds-archive.sh app.jsa app.jar @jvm.options \
    -Donnxruntime.native.path=/app/native > /dev/null && rm /tmp/cds-archive.sh /tmp/healthcheck.sh
USER 10001:10001
# 8080 serves the API; 8081 serves only the health probes (and /actuator), with threads and connections of its
# own, so that they are answered while 8080 is flooded (docs/load.md). The health check below and the
# Kubernetes probes ask 8081.
ENV FMNIST_PROBES_PORT=8081
EXPOSE 8080 8081
# Logs are plain text; `docker run -e LOGGING_STRUCTURED_FORMAT_CONSOLE=ecs ...` makes them Elastic Common Schema
# JSON, one object a line, the start-up figures as fields (Spring Boot's structured logging; docs/deploy.md).
# The data sits in the heap (about 90 MB). Under load the JVM and ONNX Runtime hold up to 370 MiB beside the
# heap (docs/load.md): 34% of the container's memory gives the tested 256 MiB heap under a 768 MiB limit.
# jvm.options (the ahead-of-time processed context, a C2 less eager and kept from start-up-only code) and
# the archive start it in about 4.5 s; ONNX Runtime loads its natives from /app/native, so /tmp may be noexec.
ENTRYPOINT ["java", "@jvm.options", "-XX:SharedArchiveFile=app.jsa", "-XX:MaxRAMPercentage=34", \
            "-XX:+ExitOnOutOfMemoryError", "-Donnxruntime.native.path=/app/native", "-jar", "app.jar"]
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 CMD ["/app/healthcheck.sh"]
