# One image for every service; docker-compose.yml picks the main class per container.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -B -q -DskipTests package

FROM eclipse-temurin:17-jre
# curl for the compose health check, which runs under /bin/sh (dash)
RUN command -v curl >/dev/null || (apt-get update && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/*)
WORKDIR /app
COPY --from=build /src/standalone/target/axon-standalone.jar /app/axon.jar
ENV JAVA_OPTS="-XX:MaxRAMPercentage=75"
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -cp /app/axon.jar ${AXON_MAIN:-io.axon.deploy.standalone.StandaloneMain}"]
