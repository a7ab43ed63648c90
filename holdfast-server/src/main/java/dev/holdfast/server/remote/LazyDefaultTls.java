package dev.holdfast.server.remote;

import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocketFactory;

/**
 * The JDK's default TLS socket factory, built when a socket is first asked of it rather than when
 * an {@link HttpsURLConnection} is created.
 *
 * <p>Every HttpsURLConnection starts with the JVM-wide default factory, and asking for that the
 * first time builds the JDK's default TLS context, which parses the JDK's whole CA store (some 150
 * certificates: about 30 ms of a command's start, and code for the JIT to compile), though {@link
 * RemoteBlobStore} replaces the factory with the repository's own at once. Made the default by the
 * program's entry point ({@link #install}), this one behaves as the JDK's for any connection that
 * keeps it (the AWS SDK fetches container credentials that way) and costs nothing for the others.
 */
public final class LazyDefaultTls extends DelegatingSocketFactory {
  private LazyDefaultTls() {}

  /** Makes this the default factory of HttpsURLConnection; for a program's entry point. */
  public static void install() {
    HttpsURLConnection.setDefaultSSLSocketFactory(new LazyDefaultTls());
  }

  @Override
  protected SSLSocketFactory delegate() {
    return (SSLSocketFactory) SSLSocketFactory.getDefault(); // built once, then cached by the JDK
  }
}
