package dev.holdfast.s3;

import dev.holdfast.core.HoldfastException;
import dev.holdfast.core.RepositoryNotFound;
import dev.holdfast.core.StorageUnavailable;
import java.io.IOException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Turns what the AWS SDK throws into Holdfast's failures, naming the operation, the blob and the
 * location, and saying whether a retry can help: refusals (403, 400, a wrong region, an untrusted
 * certificate, missing credentials) are permanent; throttling, server errors, resets and timeouts
 * are not. Messages carry S3's error code and text, never credentials.
 */
final class S3Failures {
  private S3Failures() {}

  /**
   * The failure of {@code doing} (e.g. "storing") {@code what} in the store at {@code location}.
   */
  static HoldfastException failed(String doing, Object what, S3Location location, SdkException e) {
    String context = doing + " " + what + " in " + location + ": ";
    if (e instanceof AwsServiceException service) {
      return serviceFailure(context, location, service);
    }
    return clientFailure(context, e);
  }

  /** The failure of reading a response body: the connection broke, so a retry can help. */
  static StorageUnavailable failed(String doing, Object what, S3Location location, IOException e) {
    return new StorageUnavailable(
        doing + " " + what + " in " + location + ": the connection failed: " + reason(e), false, e);
  }

  /**
   * A body that broke off after {@code arrived} of its {@code length} bytes: the connection ended
   * ({@code cause} null) or failed, so a retry can help.
   */
  static StorageUnavailable cutShort(
      Object what, S3Location location, long arrived, long length, Exception cause) {
    String context = "reading " + what + " in " + location + ": ";
    if (cause == null) {
      return new StorageUnavailable(
          context
              + "the server sent "
              + arrived
              + " of "
              + length
              + " bytes before the connection ended",
          false,
          null);
    }
    IOException io = cause(cause, IOException.class);
    return new StorageUnavailable(
        context
            + "the connection failed after "
            + arrived
            + " of "
            + length
            + " bytes: "
            + reason(io != null ? io : cause),
        false,
        cause);
  }

  private static HoldfastException serviceFailure(
      String context, S3Location location, AwsServiceException e) {
    int status = e.statusCode();
    String code = code(e);
    String detail = " (" + status + (code.isEmpty() ? "" : " " + code) + serverText(e) + ")";
    if ("NoSuchBucket".equals(code)) {
      return new RepositoryNotFound(
          "there is no Holdfast repository at "
              + location
              + ": the bucket "
              + location.bucket()
              + " does not exist");
    }
    if (status == 301 || status == 307 || "AuthorizationHeaderMalformed".equals(code)) {
      return new StorageUnavailable(
          context + "the bucket is in another region; give its region (--s3-region)" + detail,
          true,
          e);
    }
    if ("RequestTimeTooSkewed".equals(code)) {
      return new StorageUnavailable(
          context + "this machine's clock is too far from the server's" + detail, true, e);
    }
    if ("ExpiredToken".equals(code) || "TokenRefreshRequired".equals(code)) {
      return new StorageUnavailable(context + "the credentials have expired" + detail, true, e);
    }
    if ("InvalidAccessKeyId".equals(code) || "SignatureDoesNotMatch".equals(code)) {
      return new StorageUnavailable(
          context
              + "the storage refused the credentials (check the access key and secret)"
              + detail,
          true,
          e);
    }
    if (status == 403) {
      return new StorageUnavailable(
          context + "access denied (check the credentials and the bucket's policy)" + detail,
          true,
          e);
    }
    if (status == 400 && "RequestTimeout".equals(code)) {
      return new StorageUnavailable(context + "the request timed out" + detail, false, e);
    }
    if (status == 501) {
      return new StorageUnavailable(
          context + "the server does not implement this request" + detail, true, e);
    }
    if (status == 409 || status == 429 || status >= 500) {
      return new StorageUnavailable(context + "the server is busy or failing" + detail, false, e);
    }
    return new StorageUnavailable(context + "the server refused the request" + detail, true, e);
  }

  private static StorageUnavailable clientFailure(String context, SdkException e) {
    String message = String.valueOf(e.getMessage());
    if (message.startsWith("Unable to load credentials")) {
      return new StorageUnavailable(
          context
              + "no S3 credentials found: set HOLDFAST_S3_ACCESS_KEY_ID and"
              + " HOLDFAST_S3_SECRET_ACCESS_KEY, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY,"
              + " or configure an AWS profile or role",
          true,
          e);
    }
    SSLException tls = cause(e, SSLException.class);
    if (tls != null) {
      boolean untrusted =
          tls instanceof SSLPeerUnverifiedException
              || cause(e, CertPathBuilderException.class) != null
              || cause(e, CertPathValidatorException.class) != null
              || cause(e, CertificateException.class) != null;
      return new StorageUnavailable(
          context
              + (untrusted
                  ? "the server's TLS certificate is not trusted ("
                      + reason(tls)
                      + "); for a private CA give its certificate with --ca-cert FILE"
                  : "the TLS handshake failed: " + reason(tls)),
          true,
          e);
    }
    IOException io = cause(e, IOException.class);
    return new StorageUnavailable(
        context + "the connection failed: " + (io != null ? reason(io) : message), false, e);
  }

  /** S3's error code, or empty when the response had none (HEAD responses have no body). */
  static String code(AwsServiceException e) {
    return e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null
        ? ""
        : e.awsErrorDetails().errorCode();
  }

  private static String serverText(AwsServiceException e) {
    String text = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorMessage();
    return text == null || text.isBlank() ? "" : ": " + text.strip();
  }

  private static <T extends Throwable> T cause(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }

  private static String reason(Throwable e) {
    String text = e.getMessage();
    return text == null || text.isBlank() ? e.getClass().getSimpleName() : text;
  }
}
