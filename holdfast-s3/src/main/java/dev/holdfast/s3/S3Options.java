package dev.holdfast.s3;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How to reach S3-compatible storage: region, addressing style, credentials, the CA bundle that
 * private endpoints need, whether plain HTTP is allowed, and the bounds on connections and time.
 * {@link #builder()} builds one; {@code toString()} never shows a secret.
 *
 * @param region the signing region, or empty: {@code us-east-1} for a custom endpoint, else the AWS
 *     SDK's region chain ({@code AWS_REGION}, the profile, instance metadata)
 * @param addressing path-style ({@code host/bucket/key}) or virtual-host ({@code bucket.host/key})
 *     requests
 * @param credentials how requests are signed
 * @param caBundle a PEM file of the certificates to trust instead of the system's, or empty
 * @param insecureHttp whether an {@code http://} endpoint may be used
 * @param maxConnections the most connections open at once (requests beyond wait for one)
 * @param connectTimeout how long to wait for a connection to be set up
 * @param readTimeout how long a connection may stay silent, and how long a request waits for a free
 *     connection
 * @param listPageSize keys asked for per list request (S3 returns at most 1000)
 */
public record S3Options(
    Optional<String> region,
    Addressing addressing,
    S3Credentials credentials,
    Optional<Path> caBundle,
    boolean insecureHttp,
    int maxConnections,
    Duration connectTimeout,
    Duration readTimeout,
    int listPageSize) {

  /** Default bound on open connections. */
  public static final int DEFAULT_MAX_CONNECTIONS = 16;

  /** Upper bound on {@link #maxConnections}. */
  public static final int MAX_CONNECTIONS_LIMIT = 1024;

  /** How requests name the bucket. */
  public enum Addressing {
    /**
     * Path-style for a custom endpoint (what most S3-compatible servers expect), else virtual-host.
     */
    AUTO,
    /** {@code https://host/bucket/key}. */
    PATH_STYLE,
    /** {@code https://bucket.host/key}. */
    VIRTUAL_HOST
  }

  public S3Options {
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(addressing, "addressing");
    Objects.requireNonNull(credentials, "credentials");
    Objects.requireNonNull(caBundle, "caBundle");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(readTimeout, "readTimeout");
    if (region.isPresent() && region.get().isBlank()) {
      throw new IllegalArgumentException("the S3 region must not be blank");
    }
    if (maxConnections < 1 || maxConnections > MAX_CONNECTIONS_LIMIT) {
      throw new IllegalArgumentException(
          "S3 max connections must be 1.." + MAX_CONNECTIONS_LIMIT + ", was " + maxConnections);
    }
    if (connectTimeout.isNegative()
        || connectTimeout.isZero()
        || readTimeout.isNegative()
        || readTimeout.isZero()) {
      throw new IllegalArgumentException("S3 timeouts must be positive");
    }
    if (listPageSize < 1 || listPageSize > 1000) {
      throw new IllegalArgumentException("S3 list page size must be 1..1000, was " + listPageSize);
    }
  }

  /**
   * No region, automatic addressing, the SDK's credentials chain, the system's CAs, HTTPS only, 16
   * connections, 10 s to connect, 60 s of silence allowed.
   */
  public static S3Options defaults() {
    return builder().build();
  }

  /** A builder starting from {@link #defaults()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link S3Options}; each setter replaces one default. Not thread-safe. */
  public static final class Builder {
    private Optional<String> region = Optional.empty();
    private Addressing addressing = Addressing.AUTO;
    private S3Credentials credentials = S3Credentials.defaultChain();
    private Optional<Path> caBundle = Optional.empty();
    private boolean insecureHttp;
    private int maxConnections = DEFAULT_MAX_CONNECTIONS;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration readTimeout = Duration.ofSeconds(60);
    private int listPageSize = 1000;

    private Builder() {}

    public Builder region(String value) {
      region = Optional.of(value);
      return this;
    }

    public Builder addressing(Addressing value) {
      addressing = value;
      return this;
    }

    public Builder credentials(S3Credentials value) {
      credentials = value;
      return this;
    }

    public Builder caBundle(Path pemFile) {
      caBundle = Optional.of(pemFile);
      return this;
    }

    public Builder insecureHttp(boolean allowed) {
      insecureHttp = allowed;
      return this;
    }

    public Builder maxConnections(int value) {
      maxConnections = value;
      return this;
    }

    public Builder timeouts(Duration connect, Duration read) {
      connectTimeout = connect;
      readTimeout = read;
      return this;
    }

    public Builder listPageSize(int keys) {
      listPageSize = keys;
      return this;
    }

    /**
     * The options.
     *
     * @throws IllegalArgumentException when a value is out of range
     */
    public S3Options build() {
      return new S3Options(
          region,
          addressing,
          credentials,
          caBundle,
          insecureHttp,
          maxConnections,
          connectTimeout,
          readTimeout,
          listPageSize);
    }
  }

  /** Whether requests for {@code location} put the bucket in the path. */
  public boolean pathStyleFor(S3Location location) {
    if (addressing == Addressing.AUTO) {
      return location.endpoint().isPresent();
    }
    return addressing == Addressing.PATH_STYLE;
  }
}
