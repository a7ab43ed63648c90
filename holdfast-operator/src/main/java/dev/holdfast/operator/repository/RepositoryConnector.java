package dev.holdfast.operator.repository;

import dev.holdfast.core.RepositoryExists;
import dev.holdfast.core.RepositoryNotFound;
import dev.holdfast.core.UsageError;
import dev.holdfast.core.repository.InitOptions;
import dev.holdfast.core.repository.ObjectLock;
import dev.holdfast.core.repository.Repository;
import dev.holdfast.core.storage.BlobName;
import dev.holdfast.core.storage.BlobStore;
import dev.holdfast.core.storage.RetryListener;
import dev.holdfast.core.storage.RetryingBlobStore;
import dev.holdfast.core.storage.local.LocalBlobStore;
import dev.holdfast.operator.api.BackupRepository;
import dev.holdfast.operator.api.BackupRepositorySpec;
import dev.holdfast.operator.kube.SecretValues;
import dev.holdfast.s3.S3BlobStore;
import dev.holdfast.s3.S3Credentials;
import dev.holdfast.s3.S3Location;
import dev.holdfast.s3.S3Options;
import dev.holdfast.server.remote.RemoteBlobStore;
import dev.holdfast.server.remote.RemoteOptions;
import dev.holdfast.server.remote.RemoteStoreLocation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/**
 * Opens the repository a {@link BackupRepository} describes, with the passphrase and storage
 * credentials read from its Secrets at that moment (never kept). An empty place is made a new
 * repository, as K8up and Velero do, so that applying a BackupRepository is all a user does.
 */
public final class RepositoryConnector {
  private static final String OPERATOR_HOST = "holdfast-operator";

  private final SecretValues secrets;
  private final Clock clock;
  private final Supplier<Optional<SSLContext>> serverTls;

  /**
   * @param secrets where passphrases and credentials are read
   * @param clock the time repositories see
   * @param serverTls this process's client certificate for {@code https://} repositories (a
   *     Holdfast repository server), if it has one
   */
  public RepositoryConnector(
      SecretValues secrets, Clock clock, Supplier<Optional<SSLContext>> serverTls) {
    this.secrets = secrets;
    this.clock = clock;
    this.serverTls = serverTls;
  }

  /**
   * Opens the repository, creating it first when its place holds none yet.
   *
   * @throws UsageError when a Secret is missing or the URL is malformed
   * @throws dev.holdfast.core.WrongPassphrase when the passphrase opens no key slot
   * @throws dev.holdfast.core.StorageUnavailable when the storage cannot be reached
   */
  public Repository open(BackupRepository resource) {
    String namespace = resource.getMetadata().getNamespace();
    BackupRepositorySpec spec = resource.getSpec();
    // The passphrase first: a missing Secret must not leave a new, empty folder or prefix behind.
    char[] passphrase = secrets.chars(namespace, spec.passwordSecretRef());
    BlobStore store;
    try {
      store = openStore(resource);
    } catch (RuntimeException e) {
      Arrays.fill(passphrase, '\0');
      throw e;
    }
    try {
      if (store.stat(BlobName.CONFIG).isEmpty()) {
        try {
          return Repository.init(
              store, passphrase, initOptions(spec), OPERATOR_HOST, OPERATOR_HOST, clock);
        } catch (RepositoryExists e) {
          // another process (the operator, an agent) created it first: open that one
        }
      }
      return Repository.open(store, passphrase, clock);
    } catch (RuntimeException e) {
      store.close();
      throw e;
    } finally {
      Arrays.fill(passphrase, '\0');
    }
  }

  /** The storage of the repository (with the retry layer every backend gets), not yet opened. */
  public BlobStore openStore(BackupRepository resource) {
    BackupRepositorySpec spec = resource.getSpec();
    String url = spec.url();
    if (RemoteStoreLocation.isRemote(url)) {
      SSLContext tls =
          serverTls
              .get()
              .orElseThrow(
                  () ->
                      new UsageError(
                          "BackupRepository "
                              + name(resource)
                              + ": "
                              + url
                              + " is a repository server, but this process has no client"
                              + " certificate (--tls-dir)"));
      return retrying(
          RemoteBlobStore.open(RemoteStoreLocation.parse(url), tls, RemoteOptions.defaults()));
    }
    if (S3Location.isS3(url)) {
      return retrying(s3(resource));
    }
    if (url.startsWith("/")) {
      Path path = Path.of(url).normalize();
      return retrying(Files.isDirectory(path) ? LocalBlobStore.open(path) : localCreate(path));
    }
    throw new UsageError(
        "BackupRepository "
            + name(resource)
            + ": url '"
            + url
            + "' is neither s3:..., https://HOST:PORT/NAME nor an absolute path");
  }

  private static BlobStore localCreate(Path path) {
    try {
      return LocalBlobStore.create(path);
    } catch (RuntimeException e) {
      throw new RepositoryNotFound("cannot create a repository at " + path + ": " + e.getMessage());
    }
  }

  private S3BlobStore s3(BackupRepository resource) {
    String namespace = resource.getMetadata().getNamespace();
    BackupRepositorySpec spec = resource.getSpec();
    S3Options.Builder options = S3Options.builder();
    if (spec.region() != null) {
      options.region(spec.region());
    }
    if (Boolean.TRUE.equals(spec.pathStyle())) {
      options.addressing(S3Options.Addressing.PATH_STYLE);
    }
    options.insecureHttp(Boolean.TRUE.equals(spec.insecureHttp()));
    if (spec.credentialsSecretRef() != null) {
      String secret = spec.credentialsSecretRef().name();
      options.credentials(
          S3Credentials.accessKey(
              secrets.text(namespace, secret, "accessKeyId"),
              secrets.text(namespace, secret, "secretAccessKey")));
    }
    Path caBundle = null;
    try {
      if (spec.caBundleSecretRef() != null) {
        caBundle = privateFile(secrets.bytes(namespace, spec.caBundleSecretRef()));
        options.caBundle(caBundle);
      }
      return S3BlobStore.open(S3Location.parse(spec.url()), options.build());
    } catch (IllegalArgumentException e) {
      throw new UsageError("BackupRepository " + name(resource) + ": " + e.getMessage());
    } finally {
      deleteQuietly(caBundle);
    }
  }

  private static Path privateFile(byte[] content) {
    try {
      Path file =
          Files.createTempFile(
              "holdfast-ca",
              ".pem",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.write(file, content);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteQuietly(Path file) {
    if (file == null) {
      return;
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // a CA bundle is public; a leftover temporary file is untidy, not a leak
    }
  }

  private static InitOptions initOptions(BackupRepositorySpec spec) {
    InitOptions options = InitOptions.defaults();
    if (spec.objectLock() != null) {
      try {
        options =
            options.withObjectLock(
                new ObjectLock(spec.objectLock().mode(), spec.objectLock().days()));
      } catch (IllegalArgumentException e) {
        throw new UsageError("objectLock: " + e.getMessage());
      }
    }
    return options;
  }

  private static RetryingBlobStore retrying(BlobStore backend) {
    return RetryingBlobStore.wrap(backend, RetryListener.NONE);
  }

  private static String name(BackupRepository resource) {
    return resource.getMetadata().getNamespace() + "/" + resource.getMetadata().getName();
  }
}
