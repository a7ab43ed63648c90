# The Holdfast image: one jar, three roles (`holdfast operator`, `holdfast agent`, `holdfast serve`),
# chosen by the command the Deployment or DaemonSet runs. Build: docker build -t holdfast:0.1.0 .
# Build stage: the same Maven wrapper and JDK 17 the project builds with everywhere else.
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
RUN ./mvnw -B -q -DskipTests -Dspotless.check.skip=true -Dspotbugs.skip=true -Dpmd.skip=true \
      package -pl holdfast-cli -am \
 && java -XX:ArchiveClassesAtExit=/src/holdfast.jsa -jar holdfast-cli/target/holdfast.jar --version

# Runtime stage: a JRE only, no shell tools beyond the base image's, a fixed non-root user. The
# node agent overrides the user (it must read every file of every volume) in its DaemonSet.
FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 65532 holdfast \
 && useradd --system --uid 65532 --gid 65532 --home-dir /nonexistent --shell /usr/sbin/nologin holdfast
COPY --from=build /src/holdfast-cli/target/holdfast.jar /opt/holdfast/holdfast.jar
COPY --from=build /src/holdfast.jsa /opt/holdfast/holdfast.jsa
ENV LC_ALL=C.UTF-8
USER 65532:65532
# The JIT at its defaults: the image runs the operator, the node agent and serve, which live for
# days. (The `holdfast` launcher keeps the optimising compiler to a few packages for commands,
# which live for seconds; see the comment there.)
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:SharedArchiveFile=/opt/holdfast/holdfast.jsa", "-Xshare:auto", \
  "-jar", "/opt/holdfast/holdfast.jar"]
CMD ["--help"]
