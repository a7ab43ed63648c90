package dev.holdfast.tls.trust;

/**
 * The role a peer plays in a handshake, which decides the extended key usage its certificate must
 * carry: a server proves serverAuth, a client proves clientAuth.
 */
public enum PeerRole {
  /** The peer is the TLS server; its certificate needs serverAuth (1.3.6.1.5.5.7.3.1). */
  SERVER("1.3.6.1.5.5.7.3.1", "serverAuth", "server"),
  /** The peer is the TLS client; its certificate needs clientAuth (1.3.6.1.5.5.7.3.2). */
  CLIENT("1.3.6.1.5.5.7.3.2", "clientAuth", "client");

  private final String purposeOid;
  private final String purposeName;
  private final String noun;

  PeerRole(String purposeOid, String purposeName, String noun) {
    this.purposeOid = purposeOid;
    this.purposeName = purposeName;
    this.noun = noun;
  }

  /** The extended key usage OID this role requires. */
  public String purposeOid() {
    return purposeOid;
  }

  /** The name of that key purpose: "serverAuth" or "clientAuth". */
  public String purposeName() {
    return purposeName;
  }

  /** "server" or "client", for messages. */
  public String noun() {
    return noun;
  }
}
