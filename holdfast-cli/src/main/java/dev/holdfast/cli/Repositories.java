package dev.holdfast.cli;

import dev.holdfast.core.RepositoryNotFound;
import dev.holdfast.core.UsageError;
import dev.holdfast.core.lock.LockOwner;
import dev.holdfast.core.lock.Locks;
import dev.holdfast.core.repository.Repository;
import dev.holdfast.core.storage.BlobStore;
import dev.holdfast.core.storage.local.LocalBlobStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;

/** Turns {@code --repo} into storage, and opens repositories with the user's passphrase. */
public final class Repositories {
  private Repositories() {}

  /** The folder named by {@code --repo} (a {@code local:} prefix is allowed). */
  public static Path localPath(GlobalOptions global) {
    String location = global.repo();
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
    Path path = localPath(global);
    if (!Files.isDirectory(path)) {
      throw new RepositoryNotFound(
          "there is no Holdfast repository at " + path + " (create one with 'holdfast init')");
    }
    return LocalBlobStore.open(path);
  }

  /** The locks of {@code repo}, taken in the name of this process, host and user. */
  public static Locks locks(Repository repo) {
    return new Locks(repo, LockOwner.thisProcess(Hosts.hostName(), Hosts.userName()));
  }

  /** Opens the repository named by {@code --repo} with the user's passphrase. */
  public static Repository open(GlobalOptions global) {
    BlobStore store = openStore(global);
    char[] passphrase = Passphrases.read(global);
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
