package dev.holdfast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A repository created with {@code holdfast init} for tests, with a fast (insecure) key derivation,
 * small chunks and small packs, and the passphrase in a file, since tests cannot set environment
 * variables.
 */
final class CliRepo {
  /** Distinctive, so that a test can search every output for it. */
  static final String PASSPHRASE = "Tr0ub4dor&3-cli-passphrase";

  /** The init options that make a test repository fast. */
  static final List<String> FAST_INIT =
      List.of(
          "--kdf-memory",
          "64K",
          "--kdf-iterations",
          "1",
          "--chunk-min",
          "4K",
          "--chunk-avg",
          "16K",
          "--chunk-max",
          "64K",
          "--pack-size",
          "1M");

  /** The key options that make a new key slot fast. */
  static final List<String> FAST_KEY = List.of("--kdf-memory", "64K", "--kdf-iterations", "1");

  /** The folder of a local repository (null for one elsewhere). */
  final Path dir;

  /** What {@code --repo} says. */
  final String location;

  final Path passwordFile;

  /** Options every command gets to reach the storage (S3 credentials, endpoint flags). */
  private final List<String> storageArgs;

  private CliRepo(Path dir, String location, Path passwordFile, List<String> storageArgs) {
    this.dir = dir;
    this.location = location;
    this.passwordFile = passwordFile;
    this.storageArgs = List.copyOf(storageArgs);
  }

  /** Runs {@code holdfast init} in {@code tmp/repo}; fails the test if it does not exit 0. */
  static CliRepo create(Path tmp) throws IOException {
    Path dir = tmp.resolve("repo");
    return init(
        new CliRepo(dir, dir.toString(), passwordFile(tmp, "password", PASSPHRASE), List.of()));
  }

  /**
   * Runs {@code holdfast init} at {@code location} (e.g. an {@code s3:} URL), giving every command
   * {@code storageArgs} and {@code init} also {@code initArgs}; fails the test unless it exits 0.
   */
  static CliRepo create(Path tmp, String location, List<String> storageArgs, String... initArgs)
      throws IOException {
    return init(at(tmp, location, storageArgs), initArgs);
  }

  /** The repository at {@code location}, without running {@code init}. */
  static CliRepo at(Path tmp, String location, List<String> storageArgs) throws IOException {
    return new CliRepo(null, location, passwordFile(tmp, "password", PASSPHRASE), storageArgs);
  }

  private static CliRepo init(CliRepo repo, String... initArgs) {
    List<String> args = new ArrayList<>(List.of("init"));
    args.addAll(FAST_INIT);
    args.addAll(Arrays.asList(initArgs));
    repo.ok(args.toArray(String[]::new));
    return repo;
  }

  /**
   * Writes {@code passphrase} (and a newline) to {@code tmp/name}, replacing the file in one
   * rename: commands of other threads may be reading it at that moment (a truncating write would
   * show them an empty file).
   */
  static Path passwordFile(Path tmp, String name, String passphrase) throws IOException {
    Path file = tmp.resolve(name);
    Path fresh = Files.createTempFile(tmp, name, ".new");
    Files.writeString(fresh, passphrase + "\n", StandardCharsets.UTF_8);
    return Files.move(
        fresh, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /** Runs {@code holdfast --repo REPO --password-file FILE [storage options] args}. */
  Cli.Result run(String... args) {
    return withPasswordFile(passwordFile, args);
  }

  /** Runs a command against this repository with another passphrase file. */
  Cli.Result withPasswordFile(Path file, String... args) {
    List<String> all = new ArrayList<>(List.of("--repo", location, "--password-file"));
    all.add(file.toString());
    all.addAll(storageArgs);
    all.addAll(Arrays.asList(args));
    return Cli.run(all.toArray(String[]::new));
  }

  /** Runs a command that must exit 0. */
  Cli.Result ok(String... args) {
    Cli.Result r = run(args);
    assertThat(r.code()).as("holdfast %s\n%s", String.join(" ", args), r).isZero();
    return r;
  }

  /** Runs a command with {@code --json} that must exit 0, and parses its output. */
  JsonNode json(String... args) {
    List<String> all = new ArrayList<>(Arrays.asList(args));
    all.add("--json");
    return ok(all.toArray(String[]::new)).json();
  }

  /** Backs up {@code paths} (with extra options before them) and returns the new snapshot id. */
  String backup(String... args) {
    List<String> all = new ArrayList<>(List.of("backup"));
    all.addAll(Arrays.asList(args));
    return json(all.toArray(String[]::new)).get("snapshot").get("id").asText();
  }
}
