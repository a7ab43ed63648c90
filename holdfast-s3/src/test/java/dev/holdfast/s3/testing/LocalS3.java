package dev.holdfast.s3.testing;

import dev.holdfast.s3.S3BlobStore;
import dev.holdfast.s3.S3Location;
import dev.holdfast.s3.S3Options;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The JUnit extension that gives a test class the S3Proxy server shared by the whole test run
 * (started once, stopped when the run ends): {@code @RegisterExtension static final LocalS3 S3 =
 * new LocalS3();}, then {@link #newBucket} for a fresh, empty bucket per test.
 */
public final class LocalS3 implements BeforeAllCallback {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(LocalS3.class);

  private volatile S3ProxyServer server;

  @Override
  public void beforeAll(ExtensionContext context) {
    server =
        context
            .getRoot()
            .getStore(NAMESPACE)
            .getOrComputeIfAbsent("http", key -> S3ProxyServer.http(), S3ProxyServer.class);
  }

  /** The shared server. */
  public S3ProxyServer server() {
    if (server == null) {
      throw new IllegalStateException("LocalS3 must be registered as a static extension");
    }
    return server;
  }

  /** A new empty bucket; the repository goes under {@code prefix}. */
  public S3Location newBucket(String prefix) {
    return server().newBucket(prefix);
  }

  /** Options that reach the server. */
  public S3Options options() {
    return server().options().build();
  }

  /** A store for a repository at {@code prefix} of a new bucket. */
  public S3BlobStore newStore(String prefix) {
    return S3BlobStore.open(newBucket(prefix), options());
  }
}
