package dev.holdfast.s3;

import dev.holdfast.core.UsageError;
import java.io.IOException;
import java.net.Socket;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import org.apache.hc.core5.http.protocol.HttpContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * Builds the AWS SDK's synchronous {@link S3Client} for a location and options: the Apache 5 HTTP
 * client (bounded connections, timeouts, an optional private CA), and no retries of its own.
 *
 * <p>The SDK's retries are off on purpose: one generic retry decorator in holdfast-core wraps every
 * store, so that every backend retries the same way and a failure is retried once, not by two
 * layers multiplying each other's attempts. Apache 5 is the SDK's maintained HTTP client (the
 * Apache 4 one is deprecated); the URLConnection client is leaner but cannot bound its connections.
 */
final class S3Clients {
  /** The region signed for when a custom endpoint is given without one; such servers ignore it. */
  static final Region CUSTOM_ENDPOINT_REGION = Region.US_EAST_1;

  private S3Clients() {}

  /**
   * A client for {@code location}; builds no connection yet.
   *
   * @throws UsageError for plain HTTP without {@code insecureHttp}, an unreadable CA bundle, or no
   *     region for AWS
   */
  static S3Client build(S3Location location, S3Options options) {
    if (location.insecure() && !options.insecureHttp()) {
      throw new UsageError(
          location
              + " uses plain HTTP: data and request signatures would cross the network"
              + " unencrypted; use https, or allow it explicitly with --insecure-http");
    }
    Apache5HttpClient.Builder http =
        Apache5HttpClient.builder()
            .maxConnections(options.maxConnections())
            .connectionTimeout(options.connectTimeout())
            .socketTimeout(options.readTimeout())
            .connectionAcquisitionTimeout(options.readTimeout());
    if (options.caBundle().isPresent()) {
      TrustManager[] trust = CaBundle.trustManagers(options.caBundle().get());
      http.tlsTrustManagersProvider(() -> trust);
    }
    if (location.insecure()) {
      // Plain HTTP never upgrades a socket to TLS: without this the client would still load the
      // JDK's trust store and the public suffix list at start-up, CPU spent for nothing.
      http.tlsSocketStrategy(S3Clients::refuseTls);
    }
    S3ClientBuilder builder =
        S3Client.builder()
            .httpClientBuilder(http)
            .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
            .forcePathStyle(options.pathStyleFor(location))
            .region(region(location, options))
            .credentialsProvider(credentials(options.credentials()));
    location.endpoint().ifPresent(builder::endpointOverride);
    return builder.build();
  }

  /** The TLS strategy of a plain-HTTP location: a redirect to https is refused, not followed. */
  private static SSLSocket refuseTls(
      Socket socket, String target, int port, Object attachment, HttpContext context)
      throws IOException {
    throw new SSLException(
        "TLS to " + target + " was not expected: the repository location uses plain HTTP");
  }

  private static Region region(S3Location location, S3Options options) {
    if (options.region().isPresent()) {
      return Region.of(options.region().get());
    }
    if (location.endpoint().isPresent()) {
      return CUSTOM_ENDPOINT_REGION;
    }
    try {
      return new DefaultAwsRegionProviderChain().getRegion();
    } catch (SdkClientException e) {
      throw new UsageError(
          "no AWS region for "
              + location
              + ": give --s3-region (or HOLDFAST_S3_REGION), or set AWS_REGION");
    }
  }

  private static AwsCredentialsProvider credentials(S3Credentials credentials) {
    if (credentials instanceof S3Credentials.AccessKey key) {
      return StaticCredentialsProvider.create(
          AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey()));
    }
    return DefaultCredentialsProvider.builder().build();
  }
}
