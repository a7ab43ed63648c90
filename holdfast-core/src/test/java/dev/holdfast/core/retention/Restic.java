package dev.holdfast.core.retention;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real {@code restic} binary for the agreement tests and the golden generator: a
 * repository in a folder, backups of tiny folders at chosen times, and {@code forget --dry-run
 * --json}. Each command runs with its own {@code TZ}, since restic reads and writes local times.
 */
final class Restic {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PASSWORD = "holdfast-retention-golden";

  private final Path repository;
  private final Path work;

  /** restic with its repository in {@code repository}, backing up folders under {@code work}. */
  Restic(Path repository, Path work) {
    this.repository = repository;
    this.work = work;
  }

  /** restic's version line, or empty when restic is not on the PATH. */
  static java.util.Optional<String> version() {
    try {
      Process p = new ProcessBuilder("restic", "version").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      return p.waitFor() == 0 ? java.util.Optional.of(out) : java.util.Optional.empty();
    } catch (IOException e) {
      return java.util.Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return java.util.Optional.empty();
    }
  }

  /** Creates the repository. */
  void init() {
    run("UTC", List.of("init"));
  }

  /**
   * Backs up the tiny folder {@code work/folder} as a snapshot at {@code localTime} ({@code
   * YYYY-MM-DD HH:MM:SS}, read in {@code timeZone} as restic does).
   */
  void backup(String localTime, String timeZone, String host, String folder, List<String> tags) {
    Path dir = work.resolve(folder);
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve("file.txt"), folder + "\n");
    } catch (IOException e) {
      throw new IllegalStateException("cannot write " + dir, e);
    }
    List<String> args = new ArrayList<>(List.of("backup", "--time", localTime, "--host", host));
    for (String t : tags) {
      args.add("--tag");
      args.add(t);
    }
    args.add(dir.toString());
    run(timeZone, args);
  }

  /** {@code restic snapshots --json}, parsed. */
  JsonNode snapshots() {
    try {
      return JSON.readTree(run("UTC", List.of("snapshots", "--json")));
    } catch (IOException e) {
      throw new IllegalStateException("restic snapshots printed no JSON", e);
    }
  }

  /** {@code restic forget --dry-run --json --group-by groupBy policy...}, parsed. */
  JsonNode forget(List<String> policy, String groupBy, String timeZone) {
    List<String> args = new ArrayList<>(List.of("forget", "--dry-run", "--json"));
    args.add("--group-by");
    args.add(groupBy);
    args.addAll(policy);
    String out = run(timeZone, args);
    try {
      return JSON.readTree(out.isBlank() ? "[]" : out);
    } catch (IOException e) {
      throw new IllegalStateException("restic forget printed no JSON: " + out, e);
    }
  }

  private String run(String timeZone, List<String> args) {
    List<String> command = new ArrayList<>(List.of("restic", "--no-cache", "-q"));
    command.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(command).directory(work.toFile());
    Map<String, String> env = pb.environment();
    env.put("TZ", timeZone);
    env.put("RESTIC_REPOSITORY", repository.toString());
    env.put("RESTIC_PASSWORD", PASSWORD);
    try {
      Files.createDirectories(work);
      Path errors = Files.createTempFile(work, "restic", ".err");
      pb.redirectError(errors.toFile());
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("restic " + args + " did not finish");
      }
      String err = Files.readString(errors);
      Files.delete(errors);
      if (p.exitValue() != 0) {
        throw new IllegalStateException(
            "restic " + String.join(" ", args) + " exited " + p.exitValue() + ": " + err);
      }
      return out;
    } catch (IOException e) {
      throw new IllegalStateException("cannot run restic " + args, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running restic", e);
    }
  }
}
