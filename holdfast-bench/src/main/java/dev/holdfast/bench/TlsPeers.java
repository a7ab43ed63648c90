package dev.holdfast.bench;

import dev.holdfast.tls.authority.Authority;
import dev.holdfast.tls.authority.AuthoritySettings;
import dev.holdfast.tls.ca.KeyAlgorithm;
import dev.holdfast.tls.ca.LeafRequest;
import dev.holdfast.tls.ca.Usage;
import dev.holdfast.tls.folder.LeafFolder;
import dev.holdfast.tls.material.KeyProtection;
import dev.holdfast.tls.material.LeafFiles;
import dev.holdfast.tls.material.ScryptCost;
import dev.holdfast.tls.material.TrustFiles;
import dev.holdfast.tls.reload.Reloader;
import dev.holdfast.tls.reload.SslContexts;
import dev.holdfast.tls.renewal.LeafSpec;
import dev.holdfast.tls.renewal.RenewalPolicy;
import dev.holdfast.tls.trust.PeerIdentity;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;

/**
 * A repository server and a client as {@code holdfast tls} and {@code --tls-dir} set them up: an
 * authority with keys of one algorithm issues both leaves into their folders, and each side's
 * context is the reloading one the CLI builds over its folder. Handshakes run between two {@link
 * SSLEngine}s in memory, so that they cost only TLS, not a network.
 */
final class TlsPeers {
  /** The address the client names: sessions are cached, and resumed, per host and port. */
  static final String HOST = "127.0.0.1";

  static final int PORT = 8443;

  private final SSLContext server;
  private final SSLContext client;
  private final X509Certificate serverCertificate;
  private final ByteBuffer toServer = ByteBuffer.allocate(64 * 1024);
  private final ByteBuffer toClient = ByteBuffer.allocate(64 * 1024);
  private final ByteBuffer application = ByteBuffer.allocate(64 * 1024);
  private final ByteBuffer nothing = ByteBuffer.allocate(0);

  private TlsPeers(SSLContext server, SSLContext client, X509Certificate serverCertificate) {
    this.server = server;
    this.client = client;
    this.serverCertificate = serverCertificate;
  }

  /**
   * An authority in {@code dir}/ca whose CA and leaves have {@code algorithm} keys, a server leaf
   * in {@code dir}/server (for {@code 127.0.0.1}) and a client leaf in {@code dir}/client.
   */
  static TlsPeers issue(Path dir, KeyAlgorithm algorithm) {
    write(dir, algorithm);
    return open(dir);
  }

  /**
   * The peers whose material {@link #issue} (or this class's {@code main}, in another JVM) wrote in
   * {@code dir}, each side's context read as a process reads its --tls-dir.
   */
  static TlsPeers open(Path dir) {
    Clock clock = Clock.systemUTC();
    return new TlsPeers(
        context(dir.resolve("server"), clock),
        context(dir.resolve("client"), clock),
        LeafFiles.in(dir.resolve("server")).read().certificate());
  }

  /**
   * Writes the material of {@link #issue} into the folder {@code args[0]}, with keys of the
   * algorithm {@code args[1]}: run in a JVM of its own, so that the JVM measuring a first handshake
   * has never run TLS or elliptic-curve code before.
   */
  public static void main(String[] args) {
    write(Path.of(args[0]), KeyAlgorithm.parse(args[1]));
  }

  private static void write(Path dir, KeyAlgorithm algorithm) {
    Clock clock = Clock.systemUTC();
    // A cheap key derivation for the CA key: how the CA key is stored is not what is measured.
    KeyProtection protection =
        KeyProtection.withPassphrase("bench".toCharArray()).withCost(new ScryptCost(10, 8, 1));
    Authority authority =
        Authority.create(
            dir.resolve("ca"),
            AuthoritySettings.DEFAULTS.withKeyAlgorithm(algorithm),
            protection,
            clock,
            new SecureRandom());
    LeafFolder.issue(
        authority,
        dir.resolve("server"),
        new LeafSpec(
            new LeafRequest(
                "server",
                List.of(),
                List.of(HOST),
                List.of(),
                Usage.SERVER,
                LeafRequest.DEFAULT_LIFETIME,
                algorithm),
            RenewalPolicy.DEFAULT),
        clock);
    LeafFolder.issue(
        authority,
        dir.resolve("client"),
        new LeafSpec(
            LeafRequest.of("client", Usage.CLIENT, "spiffe://holdfast/bench")
                .withKeyAlgorithm(algorithm),
            RenewalPolicy.DEFAULT),
        clock);
  }

  /** The context a process builds over its --tls-dir (TlsPeerOptions in the CLI). */
  private static SSLContext context(Path folder, Clock clock) {
    return SslContexts.reloading(
        Reloader.load(LeafFiles.in(folder), TrustFiles.in(folder), PeerIdentity.any(), clock));
  }

  /** The DER bytes of the server's certificate, which a full handshake sends and a resumed not. */
  int serverCertificateBytes() {
    try {
      return serverCertificate.getEncoded().length;
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * One mutually authenticated handshake, including the server's session ticket reaching the client
   * (TLS 1.3 sends it after the handshake; resumption needs it).
   *
   * @param mayResume whether the client names the server, so that it offers a cached session if it
   *     has one; a client that names no peer has nothing to resume and always makes a full
   *     handshake
   */
  Handshake handshake(boolean mayResume) throws SSLException {
    SSLEngine clientEngine =
        mayResume ? client.createSSLEngine(HOST, PORT) : client.createSSLEngine();
    clientEngine.setUseClientMode(true);
    SSLEngine serverEngine = server.createSSLEngine();
    // As Jetty's connector sets the engines up for RepositoryServer.
    SSLParameters parameters = SslContexts.parameters(server, true);
    serverEngine.setSSLParameters(parameters);
    serverEngine.setUseClientMode(false);
    toServer.clear();
    toClient.clear();
    clientEngine.beginHandshake();
    serverEngine.beginHandshake();
    int serverBytes = 0;
    for (int round = 0; round < 20; round++) {
      boolean moved = flight(clientEngine, toServer) > 0;
      moved |= deliver(toServer, serverEngine);
      int sent = flight(serverEngine, toClient);
      serverBytes += sent;
      moved |= sent > 0;
      moved |= deliver(toClient, clientEngine);
      if (!moved && done(clientEngine) && done(serverEngine)) {
        return new Handshake(clientEngine, serverEngine, serverBytes);
      }
    }
    throw new IllegalStateException("the handshake did not finish in 20 rounds");
  }

  private static boolean done(SSLEngine engine) {
    return engine.getHandshakeStatus() == HandshakeStatus.NOT_HANDSHAKING;
  }

  /** Everything {@code engine} has to send, into {@code out}; returns the bytes produced. */
  private int flight(SSLEngine engine, ByteBuffer out) throws SSLException {
    int produced = 0;
    while (true) {
      SSLEngineResult result = engine.wrap(nothing, out);
      runTasks(engine);
      produced += result.bytesProduced();
      if (result.bytesProduced() == 0
          || result.getStatus() != SSLEngineResult.Status.OK
          || engine.getHandshakeStatus() != HandshakeStatus.NEED_WRAP) {
        return produced;
      }
    }
  }

  /** Feeds what is in {@code in} to {@code engine}; true when it consumed anything. */
  private boolean deliver(ByteBuffer in, SSLEngine engine) throws SSLException {
    in.flip();
    boolean consumed = false;
    while (in.hasRemaining()) {
      application.clear();
      SSLEngineResult result = engine.unwrap(in, application);
      runTasks(engine);
      if (result.bytesConsumed() == 0) {
        break;
      }
      consumed = true;
    }
    in.compact();
    return consumed;
  }

  private static void runTasks(SSLEngine engine) {
    for (Runnable task = engine.getDelegatedTask();
        task != null;
        task = engine.getDelegatedTask()) {
      task.run();
    }
  }

  /**
   * Sends {@code data} from the server to the client over the engines of {@code connection}, as TLS
   * records (the JDK makes them of at most 16 KiB), and returns the bytes the client read.
   */
  int serverSends(Handshake connection, ByteBuffer data, ByteBuffer received) throws SSLException {
    int read = 0;
    while (data.hasRemaining()) {
      toClient.clear();
      connection.serverEngine().wrap(data, toClient);
      toClient.flip();
      while (toClient.hasRemaining()) {
        received.clear();
        SSLEngineResult result = connection.clientEngine().unwrap(toClient, received);
        read += result.bytesProduced();
        if (result.bytesConsumed() == 0) {
          throw new IllegalStateException("the client could not read a record: " + result);
        }
      }
    }
    return read;
  }

  /**
   * What one handshake left: the two engines, connected, and the bytes the server sent (its
   * certificate among them when the handshake was full).
   */
  record Handshake(SSLEngine clientEngine, SSLEngine serverEngine, int serverBytes) {
    /** The client's session. */
    SSLSession client() {
      return clientEngine.getSession();
    }

    /** The server's session. */
    SSLSession server() {
      return serverEngine.getSession();
    }

    /**
     * Whether this handshake resumed {@code earlier}'s session: the JDK keeps a resumed session's
     * creation time, where a full handshake makes a new session.
     */
    boolean resumed(Handshake earlier) {
      return client().getCreationTime() == earlier.client().getCreationTime()
          && server().getCreationTime() == earlier.server().getCreationTime();
    }
  }
}
