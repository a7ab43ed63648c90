package dev.holdfast.tls.reload;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Builds the SSLContexts Holdfast's servers and clients use: TLS 1.3, with TLS 1.2 allowed for
 * peers that lack it, forward-secret AEAD cipher suites only, over reloading key and trust
 * managers.
 *
 * <p>{@link #reloading} goes one step further than reloading managers: every reload that changes
 * something starts a new inner context, with new session caches and session-ticket keys, so no
 * connection can resume a session made with superseded material; established connections are
 * untouched.
 */
public final class SslContexts {
  /** The protocols enabled, best first. */
  public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

  /**
   * How long a TLS session may be resumed. A resumed session skips certificate checks, so this
   * bounds how long a peer revoked while the material did not change could still resume (the JDK
   * default is a day).
   */
  public static final Duration SESSION_LIFETIME = Duration.ofHours(1);

  private SslContexts() {}

  /** One context over these managers (they may reload; its session caches do not). */
  public static SSLContext create(
      X509ExtendedKeyManager keyManager, X509ExtendedTrustManager trustManager) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(
          new KeyManager[] {keyManager}, new TrustManager[] {trustManager}, new SecureRandom());
      int seconds = (int) SESSION_LIFETIME.toSeconds();
      context.getServerSessionContext().setSessionTimeout(seconds);
      context.getClientSessionContext().setSessionTimeout(seconds);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK cannot make a TLS context", e);
    }
  }

  /**
   * A context that serves the reloader's current material and starts afresh (new session caches)
   * after every reload that changed something. Engines it creates have {@link #PROTOCOLS} and the
   * cipher suites of {@link #parameters} enabled; sockets should be given {@link #parameters}.
   */
  public static SSLContext reloading(Reloader reloader) {
    ReloadingSslContext context =
        ReloadingSslContext.over(() -> create(reloader.keyManager(), reloader.trustManager()));
    reloader.onChange(context::renew);
    return context;
  }

  /**
   * Parameters for a socket or engine of {@code context}: {@link #PROTOCOLS}, forward-secret AEAD
   * cipher suites, and for a server, client certificates required.
   */
  public static SSLParameters parameters(SSLContext context, boolean server) {
    SSLParameters parameters = context.getDefaultSSLParameters();
    parameters.setProtocols(PROTOCOLS.toArray(new String[0]));
    parameters.setCipherSuites(cipherSuites(parameters.getCipherSuites()));
    if (server) {
      parameters.setNeedClientAuth(true);
    }
    return parameters;
  }

  /** TLS 1.3 suites and TLS 1.2 ECDHE suites with AES-GCM or ChaCha20-Poly1305. */
  static String[] cipherSuites(String[] available) {
    return Arrays.stream(available)
        .filter(
            s ->
                s.startsWith("TLS_AES_")
                    || s.startsWith("TLS_CHACHA20_")
                    || (s.startsWith("TLS_ECDHE_")
                        && (s.contains("_GCM_") || s.contains("CHACHA20"))))
        .toArray(String[]::new);
  }
}
