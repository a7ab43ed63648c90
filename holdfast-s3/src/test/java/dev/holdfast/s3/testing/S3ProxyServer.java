package dev.holdfast.s3.testing;

import dev.holdfast.s3.S3Credentials;
import dev.holdfast.s3.S3Location;
import dev.holdfast.s3.S3Options;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;

/**
 * A real S3Proxy 4.1 on a random loopback port, with its transient (in-memory) store, path-style
 * requests and AWS signatures checked against {@link #ACCESS_KEY} / {@link #SECRET_KEY}: the S3
 * server the module's tests and the CLI's end-to-end tests run against. Plain HTTP, or HTTPS with a
 * self-signed certificate. An admin client (the SDK's own, with its defaults) creates buckets,
 * turns versioning on and looks at what was stored.
 */
public final class S3ProxyServer implements AutoCloseable {
  public static final String ACCESS_KEY = "holdfast-test-access";
  public static final String SECRET_KEY = "holdfast-test-secret-0123456789";

  private static final AtomicInteger BUCKETS = new AtomicInteger();

  private final S3Proxy proxy;
  private final URI endpoint;
  private final S3Client admin;

  private S3ProxyServer(S3Proxy proxy, Optional<Path> caPem) throws Exception {
    this.proxy = proxy;
    proxy.start();
    for (int i = 0; i < 1000 && !"STARTED".equals(proxy.getState()); i++) {
      Thread.sleep(10);
    }
    boolean https = caPem.isPresent();
    int port = https ? proxy.getSecurePort() : proxy.getPort();
    this.endpoint = URI.create((https ? "https" : "http") + "://127.0.0.1:" + port);
    this.admin = adminClient(endpoint, caPem);
  }

  /** A server on plain HTTP. */
  public static S3ProxyServer http() {
    try {
      return new S3ProxyServer(
          builder().endpoint(URI.create("http://127.0.0.1:0")).build(), Optional.empty());
    } catch (Exception e) {
      throw new IllegalStateException("cannot start S3Proxy", e);
    }
  }

  /** A server on HTTPS only, presenting {@code certificate}. */
  public static S3ProxyServer https(SelfSignedCertificate certificate) {
    try {
      return new S3ProxyServer(
          builder()
              .secureEndpoint(URI.create("https://127.0.0.1:0"))
              .keyStore(certificate.keyStore().toString(), certificate.password())
              .build(),
          Optional.of(certificate.certificatePem()));
    } catch (Exception e) {
      throw new IllegalStateException("cannot start S3Proxy over HTTPS", e);
    }
  }

  private static S3Proxy.Builder builder() {
    return S3Proxy.builder()
        .blobStore(new TransientNio2BlobStore())
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
        .stopTimeout(0);
  }

  private static S3Client adminClient(URI endpoint, Optional<Path> caPem) throws Exception {
    Apache5HttpClient.Builder http = Apache5HttpClient.builder();
    if (caPem.isPresent()) {
      KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
      trusted.load(null, null);
      try (InputStream in = Files.newInputStream(caPem.get())) {
        trusted.setCertificateEntry(
            "ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
      }
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(trusted);
      TrustManager[] managers = factory.getTrustManagers();
      http.tlsTrustManagersProvider(() -> managers);
    }
    return S3Client.builder()
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .forcePathStyle(true)
        .httpClientBuilder(http)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
        .build();
  }

  /** {@code http://127.0.0.1:port} or {@code https://127.0.0.1:port}. */
  public URI endpoint() {
    return endpoint;
  }

  /** The options a client of this server needs: its credentials, plain HTTP allowed. */
  public S3Options.Builder options() {
    return S3Options.builder()
        .credentials(S3Credentials.accessKey(ACCESS_KEY, SECRET_KEY))
        .insecureHttp(true);
  }

  /** Creates a new bucket and returns the location {@code s3:<endpoint>/<bucket>/<prefix>}. */
  public S3Location newBucket(String prefix) {
    String bucket =
        "holdfast-" + BUCKETS.incrementAndGet() + "-" + Long.toHexString(System.nanoTime());
    admin.createBucket(b -> b.bucket(bucket));
    return new S3Location(Optional.of(endpoint), bucket, prefix);
  }

  /** Turns versioning on for the bucket of {@code location}. */
  public void enableVersioning(S3Location location) {
    admin.putBucketVersioning(
        b ->
            b.bucket(location.bucket())
                .versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
  }

  /** Every version and delete marker of {@code key} in the bucket of {@code location}. */
  public ListObjectVersionsResponse versions(S3Location location, String key) {
    return admin.listObjectVersions(b -> b.bucket(location.bucket()).prefix(key));
  }

  /** The same bucket as {@code location}, with another prefix. */
  public S3Location sibling(S3Location location, String prefix) {
    return new S3Location(location.endpoint(), location.bucket(), prefix);
  }

  /** The ETag S3Proxy gives the object {@code key}. */
  public String eTag(S3Location location, String key) {
    return admin.headObject(b -> b.bucket(location.bucket()).key(key)).eTag();
  }

  /** Multipart uploads started but neither completed nor aborted. */
  public int pendingUploads(S3Location location) {
    return admin.listMultipartUploads(b -> b.bucket(location.bucket())).uploads().size();
  }

  /** Stores an object directly, as another program sharing the bucket would. */
  public void putForeign(S3Location location, String key, byte[] data) {
    admin.putObject(
        b -> b.bucket(location.bucket()).key(key),
        software.amazon.awssdk.core.sync.RequestBody.fromBytes(data));
  }

  /** Removes every object, version and marker of the bucket, and the bucket. */
  public void deleteBucket(S3Location location) {
    String bucket = location.bucket();
    ListObjectVersionsResponse page;
    do {
      page = admin.listObjectVersions(b -> b.bucket(bucket));
      page.versions()
          .forEach(
              v -> admin.deleteObject(b -> b.bucket(bucket).key(v.key()).versionId(v.versionId())));
      page.deleteMarkers()
          .forEach(
              m -> admin.deleteObject(b -> b.bucket(bucket).key(m.key()).versionId(m.versionId())));
    } while (page.isTruncated());
    admin.deleteBucket(b -> b.bucket(bucket));
  }

  /** Stops the server; clients then get refused connections. */
  @Override
  public void close() {
    try {
      admin.close();
      proxy.stop();
    } catch (Exception e) {
      throw new IllegalStateException("cannot stop S3Proxy", e);
    }
  }
}
