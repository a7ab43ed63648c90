package dev.holdfast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code holdfast serve} running in this JVM on a thread of its own, as a test's server: started on
 * a free loopback port (and a metrics port, when asked) and awaited until it has written its port
 * files; stopped by interrupting it, as Ctrl-C would stop it.
 */
final class CliServer {
  private final Thread thread;
  private final AtomicReference<Cli.Result> result;
  private final int port;
  private final int metricsPort;

  private CliServer(Thread thread, AtomicReference<Cli.Result> result, int port, int metricsPort) {
    this.thread = thread;
    this.result = result;
    this.port = port;
    this.metricsPort = metricsPort;
  }

  /**
   * Runs {@code holdfast serve --listen 127.0.0.1:0 ARGS} with its port files in {@code tmp}, and
   * with {@code --metrics-listen 127.0.0.1:0} when {@code metrics} is set.
   */
  static CliServer start(Path tmp, boolean metrics, String... args) throws Exception {
    Path portFile = Files.createTempFile(tmp, "port", "");
    Files.delete(portFile);
    Path metricsPortFile = tmp.resolve(portFile.getFileName() + "-metrics");
    List<String> all =
        new ArrayList<>(
            List.of("serve", "--listen", "127.0.0.1:0", "--port-file", portFile.toString()));
    if (metrics) {
      all.addAll(
          List.of(
              "--metrics-listen",
              "127.0.0.1:0",
              "--metrics-port-file",
              metricsPortFile.toString()));
    }
    all.addAll(Arrays.asList(args));
    AtomicReference<Cli.Result> result = new AtomicReference<>();
    Thread thread =
        new Thread(() -> result.set(Cli.run(all.toArray(new String[0]))), "serve-under-test");
    thread.start();
    for (int i = 0; i < 600 && !Files.exists(portFile) && thread.isAlive(); i++) {
      Thread.sleep(50);
    }
    assertThat(portFile).as("serve wrote its port: %s", result.get()).exists();
    int metricsPort = metrics ? read(metricsPortFile) : -1;
    return new CliServer(thread, result, read(portFile), metricsPort);
  }

  private static int read(Path portFile) throws Exception {
    return Integer.parseInt(Files.readString(portFile, StandardCharsets.UTF_8));
  }

  /** The port clients connect to. */
  int port() {
    return port;
  }

  /** What clients give as {@code --repo} for {@code repository}. */
  String location(String repository) {
    return "https://127.0.0.1:" + port + "/" + repository;
  }

  /** Where Prometheus would scrape. */
  URI metrics() {
    assertThat(metricsPort).as("serve was started with --metrics-listen").isPositive();
    return URI.create("http://127.0.0.1:" + metricsPort + "/metrics");
  }

  /**
   * Stops the server if it still runs, without checking how it ended: for a test's cleanup, so a
   * failed test leaves no server (and no SIGHUP handler) behind for the tests after it.
   */
  void halt() throws InterruptedException {
    thread.interrupt();
    thread.join(10_000);
  }

  /** Stops the server as Ctrl-C would; requires it to exit 0, and returns what it printed. */
  Cli.Result stop() throws InterruptedException {
    thread.interrupt();
    thread.join(10_000);
    assertThat(thread.isAlive()).isFalse();
    Cli.Result served = result.get();
    assertThat(served.code()).as("%s", served).isZero();
    assertThat(served.out()).contains(" on https://127.0.0.1:" + port + " ");
    return served;
  }
}
