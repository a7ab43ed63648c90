package dev.holdfast.server.remote;

import dev.holdfast.core.CorruptObject;
import dev.holdfast.core.HoldfastException;
import dev.holdfast.core.RepositoryNotFound;
import dev.holdfast.core.StorageUnavailable;
import dev.holdfast.core.UsageError;
import dev.holdfast.server.protocol.ErrorBody;
import dev.holdfast.server.protocol.ErrorCode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * Turns what the server answers, and how a connection fails, into Holdfast's failures, naming the
 * operation, the blob and the location, and saying whether a retry can help: refusals (403, a
 * certificate either side does not accept, a malformed request) are permanent; busy answers (429,
 * 503), other 5xx, timeouts, refused connections and resets are not (docs/SERVER.md, "Errors").
 */
final class RemoteFailures {
  /** TLS alerts by which a server refuses the client's certificate. */
  private static final List<String> CLIENT_REFUSED =
      List.of(
          "certificate_required",
          "bad_certificate",
          "unknown_ca",
          "certificate_unknown",
          "certificate_expired",
          "certificate_revoked",
          "access_denied",
          "unsupported_certificate");

  private RemoteFailures() {}

  /**
   * The failure of a request answered with {@code status}.
   *
   * @param context what was being done, e.g. "deleting snapshots/ab12 in https://...: "
   */
  static HoldfastException answered(
      String context, RemoteStoreLocation location, int status, ErrorBody body) {
    ErrorCode code = body.code();
    String said = body.message().isEmpty() ? "" : ": " + body.message();
    String detail = " (" + status + (code == null ? "" : " " + code.label()) + ")";
    if (code == ErrorCode.NO_SUCH_REPOSITORY) {
      return new RepositoryNotFound(
          "there is no repository "
              + location.repository()
              + " on "
              + location.server()
              + " for this client's identity (the server offers only the repositories the identity"
              + " has rights in)");
    }
    if (status == 403) {
      return new StorageUnavailable(context + "the server refused" + said + detail, true, null);
    }
    if (code == ErrorCode.CORRUPT) {
      return new CorruptObject(context + "the server reports the stored blob damaged" + detail);
    }
    if (code == ErrorCode.NOT_SUPPORTED) {
      return new UsageError(context + "the server cannot do this" + said + detail);
    }
    if (code == ErrorCode.STORAGE_FAILED) {
      return new StorageUnavailable(
          context + "the server's storage failed and a retry will not help" + said + detail,
          true,
          null);
    }
    if (status == 429 || status >= 500) {
      return new StorageUnavailable(
          context + "the server is busy or failing" + said + detail, false, null);
    }
    return new StorageUnavailable(
        context + "the server refused the request" + said + detail, true, null);
  }

  /**
   * The failure of a request that got no answer.
   *
   * @param connecting whether it failed before a connection was made (and a TLS session set up)
   */
  static StorageUnavailable unanswered(
      String context, RemoteStoreLocation location, IOException e, boolean connecting) {
    if (e instanceof SocketTimeoutException && connecting) {
      return new StorageUnavailable(
          context + "no connection to " + location.server() + " within the timeout", false, e);
    }
    if (e instanceof SocketTimeoutException) {
      return new StorageUnavailable(context + "the server did not answer in time", false, e);
    }
    SSLException tls = cause(e, SSLException.class);
    if (tls != null) {
      String alert = refusalAlert(e);
      if (alert != null) {
        return refused(context, "TLS alert " + alert, e);
      }
      if (cause(e, CertPathValidatorException.class) != null
          || cause(e, CertificateException.class) != null) {
        return new StorageUnavailable(
            context
                + "the server's certificate is not trusted or does not name "
                + location.host()
                + " ("
                + reason(tls)
                + ")",
            true,
            e);
      }
      return new StorageUnavailable(
          context + "the TLS handshake failed: " + reason(tls),
          tls instanceof SSLHandshakeException,
          e);
    }
    if (cause(e, ConnectException.class) != null) {
      return new StorageUnavailable(
          context + "cannot connect to " + location.server() + " (" + reason(e) + ")", false, e);
    }
    return new StorageUnavailable(context + "the connection failed: " + reason(e), false, e);
  }

  /**
   * The failure of a download whose body ended or broke after {@code received} of its {@code
   * length} bytes ({@code cause} null when it just ended): transient, as the next try may well get
   * the whole body.
   */
  static StorageUnavailable cutShort(
      String context, long received, long length, IOException cause) {
    String how = cause == null ? "ended" : "failed (" + reason(cause) + ")";
    return new StorageUnavailable(
        context
            + "the server sent "
            + received
            + " of "
            + length
            + " bytes before the connection "
            + how,
        false,
        cause);
  }

  /**
   * The failure of a request whose server refused this client's certificate, as {@code how} says
   * (the alert it sent, or how it ended the connection instead).
   */
  static StorageUnavailable refused(String context, String how, Throwable cause) {
    return new StorageUnavailable(
        context
            + "the server refused this client's certificate ("
            + how
            + "): it must be issued by a CA the server trusts, be valid now and not revoked",
        true,
        cause);
  }

  /** The TLS alert in {@code e}'s messages by which a server refuses a client, or null. */
  static String refusalAlert(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String text = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
      for (String alert : CLIENT_REFUSED) {
        if (text.contains(alert)) {
          return alert;
        }
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
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
