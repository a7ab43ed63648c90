package dev.holdfast.cli;

import dev.holdfast.core.RepositoryExists;
import dev.holdfast.core.RepositoryNotFound;
import dev.holdfast.core.UsageError;
import dev.holdfast.core.lock.LockOwner;
import dev.holdfast.core.lock.Locks;
import dev.holdfast.core.repository.Repository;
import dev.holdfast.core.storage.BlobName;
import dev.holdfast.core.storage.BlobStore;
import dev.holdfast.core.storage.RetryListener;
import dev.holdfast.core.storage.RetryingBlobStore;
import dev.holdfast.core.storage.local.LocalBlobStore;
import dev.holdfast.s3.S3BlobStore;
import dev.holdfast.s3.S3Location;
import dev.holdfast.server.remote.RemoteBlobStore;
import dev.holdfast.server.remote.RemoteOptions;
import dev.holdfast.server.remote.RemoteStoreLocation;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Turns {@code --repo} (or another option naming a repository) into storage, a local folder or S3,
 * and opens repositories with the user's passphrase.
 */
public final class Repositories {
  private Repositories() {}

  /** The folder named by {@code --repo} (a {@code local:} prefix is allowed). */
  public static Path localPath(GlobalOptions global) {
    return localPath(global.repo());
  }

  /** The folder named by {@code location}, a {@code --repo} value (or another option's). */
  public static Path localPath(String location) {
    String checked = location(location);
    if (S3Location.isS3(checked)) {
      throw new UsageError("repository " + checked + " is in S3, not a local folder");
    }
    if (RemoteStoreLocation.isRemote(checked)) {
      throw new UsageError(
          "repository " + checked + " is on a Holdfast server, not a local folder");
    }
    if (checked.startsWith("http://")) {
      throw new UsageError(
          "repository "
              + checked
              + ": a Holdfast server speaks https only; for S3 storage write s3:"
              + checked
              + "/bucket[/prefix]");
    }
    String path = checked.startsWith("local:") ? checked.substring(6) : checked;
    return Path.of(path).toAbsolutePath().normalize();
  }

  private static String location(String location) {
    if (location == null) {
      throw new UsageError("no repository given: use --repo or set HOLDFAST_REPO");
    }
    return location;
  }

  /** Opens the storage of an existing repository. */
  public static BlobStore openStore(GlobalOptions global) {
    return openStore(global, global.repo());
  }

  /**
   * Opens the storage of the existing repository at {@code location} (S3 as {@code global}'s
   * storage options say), with the retry layer reporting as {@code global} says.
   */
  public static BlobStore openStore(GlobalOptions global, String location) {
    String checked = location(location);
    if (RemoteStoreLocation.isRemote(checked)) {
      return withRetries(global, remote(global, checked));
    }
    if (S3Location.isS3(checked)) {
      return withRetries(
          global, S3BlobStore.open(S3Location.parse(checked), global.storage().s3()));
    }
    Path path = localPath(checked);
    if (!Files.isDirectory(path)) {
      throw new RepositoryNotFound(
          "there is no Holdfast repository at " + path + " (create one with 'holdfast init')");
    }
    return withRetries(global, LocalBlobStore.open(path));
  }

  /**
   * The one place where every backend gets the one retry layer (docs/DESIGN.md, "Retries"); with
   * {@code --debug} each retry is a line on stderr.
   */
  public static RetryingBlobStore withRetries(GlobalOptions global, BlobStore backend) {
    return RetryingBlobStore.wrap(
        backend, global.debug() ? new RetryReport(global.err()) : RetryListener.NONE);
  }

  /** The store of a repository a Holdfast server offers, reached with this process's TLS. */
  private static RemoteBlobStore remote(GlobalOptions global, String location) {
    return RemoteBlobStore.open(
        RemoteStoreLocation.parse(location),
        global.tls().context("the repository " + location),
        RemoteOptions.defaults());
  }

  /** Creates the storage of a new repository where {@code target} says, with the retry layer. */
  public static BlobStore createStore(GlobalOptions global, InitTarget target) {
    return withRetries(global, target.create());
  }

  /** The locks of {@code repo}, taken in the name of this process, host and user. */
  public static Locks locks(Repository repo) {
    return new Locks(repo, LockOwner.thisProcess(Hosts.hostName(), Hosts.userName()));
  }

  /** Opens the repository named by {@code --repo} with the user's passphrase. */
  public static Repository open(GlobalOptions global) {
    return open(global, global.repo(), () -> Passphrases.read(global), Optional.empty());
  }

  /**
   * Opens the repository keeping the data this command stores under object lock for at least {@code
   * retainAtLeast} ({@code backup --retain-days}).
   */
  public static Repository open(GlobalOptions global, Duration retainAtLeast) {
    return open(global, global.repo(), () -> Passphrases.read(global), Optional.of(retainAtLeast));
  }

  /**
   * Opens the repository at {@code location} with the passphrase {@code passphrase} supplies, for a
   * command that names a second repository with options of its own ({@code copy --from-repo}).
   */
  public static Repository open(
      GlobalOptions global, String location, Supplier<char[]> passphraseSource) {
    return open(global, location, passphraseSource, Optional.empty());
  }

  private static Repository open(
      GlobalOptions global,
      String location,
      Supplier<char[]> passphraseSource,
      Optional<Duration> retainAtLeast) {
    Optional<Path> cacheRoot = global.cache().root(); // a usage error comes before the passphrase
    BlobStore store = openStore(global, location);
    char[] passphrase = null;
    try {
      passphrase = passphraseSource.get();
      Clock clock = Clock.systemDefaultZone();
      Repository repo =
          retainAtLeast.isPresent()
              ? Repository.open(store, passphrase, clock, retainAtLeast.get())
              : Repository.open(store, passphrase, clock);
      useCache(global, repo, cacheRoot);
      return repo;
    } catch (RuntimeException e) {
      store.close();
      throw e;
    } finally {
      if (passphrase != null) {
        Arrays.fill(passphrase, '\0');
      }
    }
  }

  /**
   * Lists {@code repo}'s snapshots through the local cache in {@code cacheRoot} (docs/CLI.md,
   * "Local cache"); a cache that cannot be used is a warning on stderr.
   */
  private static void useCache(GlobalOptions global, Repository repo, Optional<Path> cacheRoot) {
    cacheRoot.ifPresent(
        folder ->
            repo.cacheSnapshotsIn(
                folder,
                warning -> {
                  PrintWriter err = global.err();
                  err.println("warning: " + warning);
                  err.flush();
                }));
  }

  /**
   * Where {@code init} creates a repository, checked before anything is written and before the
   * passphrase is asked for; {@link #create} then makes the storage. Close it when done.
   */
  public interface InitTarget extends AutoCloseable {
    /** The location as messages and JSON show it. */
    String location();

    /** The storage to create the repository in; the caller owns (closes) it. */
    BlobStore create();

    @Override
    void close();
  }

  /**
   * Checks that a repository can be created where {@code --repo} says: a missing or empty local
   * folder (object lock is refused there), or an existing S3 bucket with nothing under the prefix
   * (and object lock enabled when asked for).
   *
   * @throws RepositoryExists when a repository is already there
   * @throws UsageError when the place is not empty, or cannot have object lock
   */
  public static InitTarget initTarget(GlobalOptions global, boolean objectLock) {
    String location = location(global.repo());
    if (RemoteStoreLocation.isRemote(location)) {
      if (objectLock) {
        throw new UsageError(
            "--object-lock is a property of the server's storage: create the repository on the"
                + " server's side, or let the server offer an S3 bucket that has object lock");
      }
      RemoteBlobStore store = remote(global, location);
      try {
        if (store.stat(BlobName.CONFIG).isPresent()) {
          throw new RepositoryExists("a repository already exists at " + location);
        }
      } catch (RuntimeException e) {
        store.close();
        throw e;
      }
      return new HandedOutTarget(store);
    }
    if (S3Location.isS3(location)) {
      S3BlobStore store = S3BlobStore.open(S3Location.parse(location), global.storage().s3());
      try {
        store.checkReadyForInit(objectLock);
      } catch (RuntimeException e) {
        store.close();
        throw e;
      }
      return new HandedOutTarget(store);
    }
    Path path = localPath(global);
    if (objectLock) {
      throw new UsageError(
          "--object-lock needs S3 storage with object lock; a local folder ("
              + path
              + ") cannot keep blobs immutable");
    }
    refuseNonEmptyFolder(path);
    return new LocalTarget(path);
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

  /** A local folder, made only when the repository is created. */
  private record LocalTarget(Path path) implements InitTarget {
    @Override
    public String location() {
      return path.toString();
    }

    @Override
    public BlobStore create() {
      return LocalBlobStore.create(path);
    }

    @Override
    public void close() {}
  }

  /**
   * A remote place (an S3 prefix, a repository server's repository), checked already; its store is
   * closed here unless it was handed out.
   */
  private static final class HandedOutTarget implements InitTarget {
    private final BlobStore store;
    private boolean handedOut;

    HandedOutTarget(BlobStore store) {
      this.store = store;
    }

    @Override
    public String location() {
      return store.location();
    }

    @Override
    public BlobStore create() {
      handedOut = true;
      return store;
    }

    @Override
    public void close() {
      if (!handedOut) {
        store.close();
      }
    }
  }
}
