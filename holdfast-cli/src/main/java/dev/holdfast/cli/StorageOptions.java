package dev.holdfast.cli;

import dev.holdfast.core.UsageError;
import dev.holdfast.s3.S3Credentials;
import dev.holdfast.s3.S3Options;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * How to reach S3 storage, on every command (docs/CLI.md, "S3 storage"): each flag has an
 * environment variable, and the flag wins. Credentials are Holdfast's own access key when one is
 * given, else the AWS SDK's default chain; the secret is read from a file or the environment, never
 * from the command line.
 */
public final class StorageOptions {
  @Option(
      names = "--s3-region",
      scope = ScopeType.INHERIT,
      paramLabel = "REGION",
      description = "S3 region (default HOLDFAST_S3_REGION, else AWS_REGION or the AWS profile).")
  String region;

  @Option(
      names = "--s3-path-style",
      scope = ScopeType.INHERIT,
      description = "Address the bucket in the path (default for a custom endpoint).")
  boolean pathStyle;

  @Option(
      names = "--s3-virtual-host",
      scope = ScopeType.INHERIT,
      description = "Address the bucket as a host name (default for AWS).")
  boolean virtualHost;

  @Option(
      names = "--ca-cert",
      scope = ScopeType.INHERIT,
      paramLabel = "FILE",
      description = "Trust only the CA certificates in this PEM file (default HOLDFAST_CA_CERT).")
  Path caCert;

  @Option(
      names = "--insecure-http",
      scope = ScopeType.INHERIT,
      description = "Allow an s3:http:// endpoint (data and signatures unencrypted).")
  boolean insecureHttp;

  @Option(
      names = "--s3-max-connections",
      scope = ScopeType.INHERIT,
      paramLabel = "N",
      description = "Most S3 connections at once (default 16).")
  Integer maxConnections;

  @Option(
      names = "--s3-access-key-id",
      scope = ScopeType.INHERIT,
      paramLabel = "ID",
      description = "S3 access key id (default HOLDFAST_S3_ACCESS_KEY_ID, else the AWS chain).")
  String accessKeyId;

  @Option(
      names = "--s3-secret-access-key-file",
      scope = ScopeType.INHERIT,
      paramLabel = "FILE",
      description = "Read the S3 secret key from the first line of FILE.")
  Path secretAccessKeyFile;

  private final UnaryOperator<String> env;

  /** Options that fall back to this process's environment. */
  public StorageOptions() {
    this(System::getenv);
  }

  /** Options that fall back to {@code env} (tests cannot set environment variables). */
  StorageOptions(UnaryOperator<String> env) {
    this.env = env;
  }

  /**
   * The S3 options these flags and variables name.
   *
   * @throws UsageError for contradicting or malformed values
   */
  public S3Options s3() {
    S3Options.Builder options = S3Options.builder();
    String regionValue = region != null ? region : env("HOLDFAST_S3_REGION");
    if (regionValue != null) {
      options.region(regionValue);
    }
    options.addressing(addressing());
    Path ca = caCert != null ? caCert : pathFromEnv("HOLDFAST_CA_CERT");
    if (ca != null) {
      options.caBundle(ca);
    }
    options.insecureHttp(insecureHttp || "true".equalsIgnoreCase(env("HOLDFAST_S3_INSECURE_HTTP")));
    options.maxConnections(maxConnections());
    options.credentials(credentials());
    try {
      return options.build();
    } catch (IllegalArgumentException e) {
      throw new UsageError(e.getMessage());
    }
  }

  private S3Options.Addressing addressing() {
    if (pathStyle && virtualHost) {
      throw new UsageError("--s3-path-style and --s3-virtual-host contradict each other");
    }
    if (pathStyle) {
      return S3Options.Addressing.PATH_STYLE;
    }
    if (virtualHost) {
      return S3Options.Addressing.VIRTUAL_HOST;
    }
    String value = env("HOLDFAST_S3_PATH_STYLE");
    if (value == null) {
      return S3Options.Addressing.AUTO;
    }
    switch (value.toLowerCase(Locale.ROOT)) {
      case "true":
        return S3Options.Addressing.PATH_STYLE;
      case "false":
        return S3Options.Addressing.VIRTUAL_HOST;
      default:
        throw new UsageError("HOLDFAST_S3_PATH_STYLE must be true or false, was '" + value + "'");
    }
  }

  private int maxConnections() {
    if (maxConnections != null) {
      return maxConnections;
    }
    String value = env("HOLDFAST_S3_MAX_CONNECTIONS");
    if (value == null) {
      return S3Options.DEFAULT_MAX_CONNECTIONS;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new UsageError("HOLDFAST_S3_MAX_CONNECTIONS must be a number, was '" + value + "'");
    }
  }

  /** Holdfast's own access key when an id is given, else the AWS SDK's default chain. */
  private S3Credentials credentials() {
    String id = accessKeyId != null ? accessKeyId : env("HOLDFAST_S3_ACCESS_KEY_ID");
    String secret =
        secretAccessKeyFile != null
            ? new String(SecretFiles.firstLine(secretAccessKeyFile, "S3 secret key file"))
            : env("HOLDFAST_S3_SECRET_ACCESS_KEY");
    if (id == null && secret == null) {
      return S3Credentials.defaultChain();
    }
    if (id == null) {
      throw new UsageError(
          "an S3 secret key was given without its id: set HOLDFAST_S3_ACCESS_KEY_ID or"
              + " --s3-access-key-id");
    }
    if (secret == null) {
      throw new UsageError(
          "S3 access key "
              + id
              + " has no secret: set HOLDFAST_S3_SECRET_ACCESS_KEY or --s3-secret-access-key-file");
    }
    return S3Credentials.accessKey(id, secret);
  }

  private String env(String name) {
    String value = env.apply(name);
    return value == null || value.isBlank() ? null : value;
  }

  private Path pathFromEnv(String name) {
    String value = env(name);
    return value == null ? null : Path.of(value);
  }
}
