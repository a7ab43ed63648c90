package dev.holdfast.cli.command;

import dev.holdfast.cli.Hosts;
import dev.holdfast.cli.KdfOptions;
import dev.holdfast.cli.Passphrases;
import dev.holdfast.cli.RepoCommand;
import dev.holdfast.cli.Repositories;
import dev.holdfast.cli.Sizes;
import dev.holdfast.core.UsageError;
import dev.holdfast.core.chunking.ChunkerAlgorithm;
import dev.holdfast.core.chunking.ChunkerParams;
import dev.holdfast.core.repository.InitOptions;
import dev.holdfast.core.repository.ObjectLock;
import dev.holdfast.core.repository.Repository;
import dev.holdfast.core.repository.RepositoryConfig;
import dev.holdfast.core.storage.BlobStore;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
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
      names = "--chunker",
      paramLabel = "ALGORITHM",
      description =
          "Chunking rules: FASTCDC-2020-GEAR64-NC2-ZEROCUT (default; chunks also end in runs of"
              + " zeros) or FASTCDC-2020-GEAR64-NC2 (as repositories before it).")
  String chunkerName = ChunkerAlgorithm.DEFAULT.configName();

  @Option(
      names = "--compression-level",
      paramLabel = "N",
      description =
          "zstd level 1-19, 0 for none (default 3; 1 is about 12%% faster and 3%% larger).")
  int compressionLevel = RepositoryConfig.DEFAULT_COMPRESSION_LEVEL;

  @Option(
      names = "--pack-size",
      paramLabel = "SIZE",
      description = "Target pack size (default 16M).")
  String packSize = "16M";

  @Mixin KdfOptions kdf = new KdfOptions();

  @Option(
      names = "--object-lock",
      paramLabel = "MODE",
      description =
          "S3 object lock for every backup blob: governance or compliance (needs"
              + " --object-lock-days and a bucket with object lock).")
  String objectLockMode;

  @Option(
      names = "--object-lock-days",
      paramLabel = "N",
      description = "Days each backup blob stays immutable after it is stored.")
  Integer objectLockDays;

  @Override
  public Integer call() {
    InitOptions options =
        new InitOptions(
            chunkerAlgorithm(),
            chunker(),
            compressionLevel,
            Sizes.parseInt(packSize, "--pack-size"),
            kdf.params(),
            Optional.empty());
    Optional<ObjectLock> lock = objectLock();
    if (lock.isPresent()) {
      options = options.withObjectLock(lock.get());
    }
    refuseInvalid(options);
    try (Repositories.InitTarget target = Repositories.initTarget(global(), lock.isPresent())) {
      char[] passphrase =
          Passphrases.readNew(global().passwordFile(), "HOLDFAST_PASSWORD", "New passphrase: ");
      try (Repository repo =
          init(Repositories.createStore(global(), target), passphrase, options)) {
        print(target.location(), repo);
        return 0;
      } finally {
        Arrays.fill(passphrase, '\0');
      }
    }
  }

  private static Repository init(BlobStore store, char[] passphrase, InitOptions options) {
    try {
      return Repository.init(
          store,
          passphrase,
          options,
          Hosts.hostName(),
          Hosts.userName(),
          Clock.systemDefaultZone());
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
  }

  private void print(String location, Repository repo) {
    ObjectLock lock = repo.config().objectLock();
    if (output().json()) {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("repository", location);
      json.put("id", repo.config().repositoryId());
      json.put("keyId", repo.openedWith().id().toHex());
      json.put("objectLock", lock);
      json.put("chunker", chunkerJson(repo.config()));
      output().printJson(json);
      return;
    }
    output().line("created repository " + repo.config().repositoryId() + " at " + location);
    if (lock != null) {
      output()
          .line(
              "object lock: "
                  + lock.mode()
                  + ", every backup blob immutable for "
                  + lock.days()
                  + " days after it is stored");
    }
    output()
        .line(
            "Keep the passphrase safe: without it nobody, including you, can read these backups.");
  }

  private static Map<String, Object> chunkerJson(RepositoryConfig config) {
    Map<String, Object> chunker = new LinkedHashMap<>();
    chunker.put("algorithm", config.chunkerAlgorithm().configName());
    chunker.put("minSize", config.chunker().minSize());
    chunker.put("avgSize", config.chunker().avgSize());
    chunker.put("maxSize", config.chunker().maxSize());
    return chunker;
  }

  private Optional<ObjectLock> objectLock() {
    if (objectLockMode == null && objectLockDays == null) {
      return Optional.empty();
    }
    if (objectLockMode == null || objectLockDays == null) {
      throw new UsageError("--object-lock and --object-lock-days go together");
    }
    try {
      return Optional.of(new ObjectLock(objectLockMode, objectLockDays));
    } catch (IllegalArgumentException e) {
      throw new UsageError(e.getMessage());
    }
  }

  private ChunkerAlgorithm chunkerAlgorithm() {
    try {
      return ChunkerAlgorithm.named(chunkerName.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new UsageError("--chunker: " + e.getMessage());
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
          options.chunkerAlgorithm(),
          options.chunker(),
          "zstd",
          options.compressionLevel(),
          options.packSize());
    } catch (IllegalArgumentException e) {
      throw new UsageError(e.getMessage());
    }
  }
}
