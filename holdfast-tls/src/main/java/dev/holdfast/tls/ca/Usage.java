package dev.holdfast.tls.ca;

/**
 * What a leaf certificate may be used for, written into its extended key usage: serving TLS
 * (serverAuth), authenticating to a server (clientAuth), or both, as a node agent that is a client
 * of the repository server and a server for its own metrics is.
 */
public enum Usage {
  /** A TLS server: extended key usage serverAuth. */
  SERVER,
  /** A TLS client presenting a certificate: extended key usage clientAuth. */
  CLIENT,
  /** Both serverAuth and clientAuth. */
  BOTH;

  /** Whether the certificate may authenticate a server. */
  public boolean serves() {
    return this != CLIENT;
  }

  /** Whether the certificate may authenticate a client. */
  public boolean connects() {
    return this != SERVER;
  }
}
