# One image per service, built from this repository:
#   docker build --build-arg MODULE=rollout-service --build-arg ARTIFACT=rollout-service .
# docker-compose.yml builds every service this way.
# The runtime base: a JRE, except where a service runs Java programs (environment-service's code sandbox
# launches single-file sources, which needs the JDK's compiler).
ARG RUNTIME_IMAGE=eclipse-temurin:21-jre

FROM eclipse-temurin:21-jdk AS build
ARG MODULE
WORKDIR /src
COPY . .
RUN ./mvnw -B -q -Dmaven.test.skip=true -pl "${MODULE}" -am package

FROM ${RUNTIME_IMAGE}
ARG MODULE
ARG ARTIFACT
# Debian/Ubuntu packages a service needs at run time: environment-service's code sandbox runs model-written
# programs in bubblewrap, with python3.
ARG APT_PACKAGES=""
RUN if [ -n "${APT_PACKAGES}" ]; then apt-get update && apt-get install -y --no-install-recommends ${APT_PACKAGES} \
      && rm -rf /var/lib/apt/lists/*; fi
WORKDIR /app
COPY --from=build /src/${MODULE}/target/${ARTIFACT}-0.1.0-SNAPSHOT-exec.jar /app/service.jar
RUN useradd --system --uid 10001 gauntlet
USER gauntlet
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "--enable-native-access=ALL-UNNAMED", "-jar", "/app/service.jar"]
