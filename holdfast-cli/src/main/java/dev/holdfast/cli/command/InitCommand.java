package dev.holdfast.cli.command;

import dev.holdfast.cli.Hosts;
import dev.holdfast.cli.KdfOptions;
import dev.holdfast.cli.Passphrases;
import dev.holdfast.cli.RepoCommand;
import dev.holdfast.cli.Repositories;
import dev.holdfast.cli.Sizes;
import dev.holdfast.core.RepositoryExists;
import dev.holdfast.core.UsageError;
import dev.holdfast.core.chunking.ChunkerParams;
import dev.holdfast.core.repository.InitOptions;
import dev.holdfast.core.repository.Repository;
import dev.holdfast.core.repository.RepositoryConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code holdfast init}: creates a repository. */
@Command(name = "init", description = "Create a new repository.")
public final class InitCommand extends RepoCommand {
  @Option(
      names = "--chunk-min",
      paramLabel = "SIZE",
      description = "Smallest chunk (default 512K).")
  String chunkMin = "512K";

  @Option(
      names = "--chunk-avg",
      paramLabel = "SIZE",
      description = "Average chunk, a power of two (default 1M).")
  String chunkAvg = "1M";

  @Option(names = "--chunk-max", paramLabel = "SIZE", description = "Largest chunk (default 8M).")
  String chunkMax = "8M";

  @Option(
      names = "--compression-level",
      paramLabel = "N",
      description = "zstd level 1-19, 0 for none (default 3; 1 is about 12% faster and 3% larger).")
  int compressionLevel = RepositoryConfig.DEFAULT_COMPRESSION_LEVEL;

  @Option(
      names = "--pack-size",
      paramLabel = "SIZE",
      description = "Target pack size (default 16M).")
  String packSize = "16M";

  @Mixin KdfOptions kdf = new KdfOptions();

  @Override
  public Integer call() {
    Path path = Repositories.localPath(global());
    InitOptions options =
        new InitOptions(
            chunker(), compressionLevel, Sizes.parseInt(packSize, "--pack-size"), kdf.params());
    refuseInvalid(options);
    refuseNonEmptyFolder(path);
    char[] passphrase =
        Passphrases.readNew(global().passwordFile(), "HOLDFAST_PASSWORD", "New passphrase: ");
    try (Repository repo =
        Repository.init(
            Repositories.createStore(global()),
            passphrase,
            options,
            Hosts.hostName(),
            Hosts.userName(),
            Clock.systemDefaultZone())) {
      if (output().json()) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("repository", path.toString());
        json.put("id", repo.config().repositoryId());
        json.put("keyId", repo.openedWith().id().toHex());
        output().printJson(json);
      } else {
        output().line("created repository " + repo.config().repositoryId() + " at " + path);
        output()
            .line(
                "Keep the passphrase safe: without it nobody, including you, can read these backups.");
      }
      return 0;
    } finally {
      Arrays.fill(passphrase, '\0');
    }
  }

  private ChunkerParams chunker() {
    try {
      return new ChunkerParams(
          Sizes.parseInt(chunkMin, "--chunk-min"),
          Sizes.parseInt(chunkAvg, "--chunk-avg"),
          Sizes.parseInt(chunkMax, "--chunk-max"));
    } catch (IllegalArgumentException e) {
      throw new UsageError("chunk sizes: " + e.getMessage());
    }
  }

  /**
   * Checks what the repository config would refuse (compression level, pack size) before any folder
   * is created, so that a typo leaves nothing behind that blocks the next attempt.
   */
  private static void refuseInvalid(InitOptions options) {
    try {
      new RepositoryConfig(
          RepositoryConfig.CURRENT_VERSION,
          "validation",
          Instant.EPOCH,
          ChunkerParams.ALGORITHM,
          options.chunker(),
          "zstd",
          options.compressionLevel(),
          options.packSize());
    } catch (IllegalArgumentException e) {
      throw new UsageError(e.getMessage());
    }
  }

  private static void refuseNonEmptyFolder(Path path) {
    if (!Files.isDirectory(path)) {
      return;
    }
    if (Files.exists(path.resolve("config"))) {
      throw new RepositoryExists("a repository already exists at " + path);
    }
    try (Stream<Path> entries = Files.list(path)) {
      if (entries.findAny().isPresent()) {
        throw new UsageError("cannot create a repository in " + path + ": the folder is not empty");
      }
    } catch (IOException e) {
      throw new UsageError("cannot read " + path + ": " + e.getMessage());
    }
  }
}
