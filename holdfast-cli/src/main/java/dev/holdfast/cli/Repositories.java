package dev.holdfast.cli;

import dev.holdfast.core.RepositoryNotFound;
import dev.holdfast.core.UsageError;
import dev.holdfast.core.lock.LockOwner;
import dev.holdfast.core.lock.Locks;
import dev.holdfast.core.repository.Repository;
import dev.holdfast.core.storage.BlobStore;
import dev.holdfast.core.storage.RetryListener;
import dev.holdfast.core.storage.RetryingBlobStore;
import dev.holdfast.core.storage.local.LocalBlobStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.function.Supplier;

/** Turns {@code --repo} into storage, and opens repositories with the user's passphrase. */
public final class Repositories {
  private Repositories() {}

  /** The folder named by {@code --repo} (a {@code local:} prefix is allowed). */
  public static Path localPath(GlobalOptions global) {
    return localPath(global.repo());
  }

  /** The folder named by {@code location}, a {@code --repo} value (or another option's). */
  public static Path localPath(String location) {
    if (location == null) {
      throw new UsageError("no repository given: use --repo or set HOLDFAST_REPO");
    }
    if (location.startsWith("s3:")
        || location.startsWith("https://")
        || location.startsWith("http://")) {
      throw new UsageError(
          "repository " + location + ": only local folders are supported in this version");
    }
    String path = location.startsWith("local:") ? location.substring(6) : location;
    return Path.of(path).toAbsolutePath().normalize();
  }

  /** Opens the storage of an existing repository. */
  public static BlobStore openStore(GlobalOptions global) {
    return openStore(global, global.repo());
  }

  /**
   * Opens the storage of the existing repository at {@code location}, reporting retries as {@code
   * global} says.
   */
  public static BlobStore openStore(GlobalOptions global, String location) {
    Path path = localPath(location);
    if (!Files.isDirectory(path)) {
      throw new RepositoryNotFound(
          "there is no Holdfast repository at " + path + " (create one with 'holdfast init')");
    }
    return withRetries(global, LocalBlobStore.open(path));
  }

  /** Creates the storage of a new repository at {@code --repo}. */
  public static BlobStore createStore(GlobalOptions global) {
    return withRetries(global, LocalBlobStore.create(localPath(global)));
  }

  /**
   * The one place where every backend gets the one retry layer (docs/DESIGN.md, "Retries"); with
   * {@code --debug} each retry is a line on stderr.
   */
  static RetryingBlobStore withRetries(GlobalOptions global, BlobStore backend) {
    return RetryingBlobStore.wrap(
        backend, global.debug() ? new RetryReport(global.err()) : RetryListener.NONE);
  }

  /** The locks of {@code repo}, taken in the name of this process, host and user. */
  public static Locks locks(Repository repo) {
    return new Locks(repo, LockOwner.thisProcess(Hosts.hostName(), Hosts.userName()));
  }

  /** Opens the repository named by {@code --repo} with the user's passphrase. */
  public static Repository open(GlobalOptions global) {
    return open(global, global.repo(), () -> Passphrases.read(global));
  }

  /**
   * Opens the repository at {@code location} with the passphrase {@code passphrase} supplies, for a
   * command that names a second repository with options of its own ({@code copy --from-repo}).
   */
  public static Repository open(
      GlobalOptions global, String location, Supplier<char[]> passphraseSource) {
    BlobStore store = openStore(global, location);
    char[] passphrase = passphraseSource.get();
    try {
      return Repository.open(store, passphrase, Clock.systemDefaultZone());
    } catch (RuntimeException e) {
      store.close();
      throw e;
    } finally {
      Arrays.fill(passphrase, '\0');
    }
  }
}
