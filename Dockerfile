# syntax=docker/dockerfile:1
# Build:  docker build -t fashion-mnist-server .        (podman: podman build --format docker ...)
# Run:    docker run -p 8080:8080 fashion-mnist-server

# ---- build: compile with the Maven wrapper, then unpack the jar for fast start-up ----
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY mvnw pom.xml ./
COPY .mvn .mvn
# Dependencies change less often than code: resolve them in a layer of their own.
RUN ./mvnw -B -q dependency:go-offline
COPY src src
RUN ./mvnw -B -q -o package -DskipTests \
 && cp target/fashion-mnist-server-*.jar app.jar \
 && java -Djarmode=tools -jar app.jar extract --destination /app

# ---- run: a JRE, the unpacked application, the data, a non-root user ----
FROM eclipse-temurin:17-jre
RUN groupadd --gid 10001 fmnist \
 && useradd --uid 10001 --gid fmnist --no-create-home --shell /usr/sbin/nologin fmnist
WORKDIR /app
COPY --from=build /app ./
COPY data/fashion-mnist data/fashion-mnist
ENV FMNIST_DATA_DIR=/app/data/fashion-mnist
COPY models/baseline.onnx models/baseline.json models/
COPY --chmod=755 docker/healthcheck.sh healthcheck.sh
ENV FMNIST_MODELS_BASELINE_PATH=/app/models/baseline.onnx
# A class-data sharing archive, recorded by one start that stops after the context refreshed,
# makes every later start faster (the data is loaded during that refresh, so it is verified here too).
RUN java -XX:ArchiveClassesAtExit=app.jsa -Dspring.context.exit=onRefresh -jar app.jar > /dev/null
USER 10001:10001
EXPOSE 8080
# The data sits in the heap (about 90 MB). Under load the JVM and ONNX Runtime hold up to 370 MiB beside the
# heap (docs/load.md): 34% of the container's memory gives the tested 256 MiB heap under a 768 MiB limit.
ENTRYPOINT ["java", "-XX:SharedArchiveFile=app.jsa", "-XX:MaxRAMPercentage=34", "-XX:+ExitOnOutOfMemoryError", \
            "-jar", "app.jar"]
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 CMD ["/app/healthcheck.sh"]
