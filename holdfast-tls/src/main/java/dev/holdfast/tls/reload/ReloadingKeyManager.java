package dev.holdfast.tls.reload;

import dev.holdfast.tls.material.CertifiedKey;
import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * A key manager that always offers the current certificate and key, swapped atomically by {@link
 * #swap}. The alias it hands JSSE names the certificate's serial, and the last few materials stay
 * reachable by alias, so a handshake that chose an alias just before a swap still gets the key that
 * belongs to the certificate it sends.
 *
 * <p>Safe for use by many handshakes at once.
 */
public final class ReloadingKeyManager extends X509ExtendedKeyManager {
  /** How many superseded materials stay reachable for handshakes already under way. */
  private static final int REMEMBERED = 4;

  private record Entry(String alias, CertifiedKey material) {}

  /** Newest first; replaced as a whole, never mutated. */
  private volatile List<Entry> entries;

  /** A key manager serving {@code initial} until the first swap. */
  public ReloadingKeyManager(CertifiedKey initial) {
    this.entries = List.of(entry(initial));
  }

  /** Serves {@code next} to every handshake from now on. */
  public synchronized void swap(CertifiedKey next) {
    Entry entry = entry(next);
    List<Entry> updated = new ArrayList<>();
    updated.add(entry);
    for (Entry old : entries) {
      if (updated.size() < REMEMBERED && !old.alias().equals(entry.alias())) {
        updated.add(old);
      }
    }
    entries = List.copyOf(updated);
  }

  /** The material served now. */
  public CertifiedKey current() {
    return entries.get(0).material();
  }

  @Override
  public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
    return aliasFor(keyType);
  }

  @Override
  public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
    return aliasFor(keyType);
  }

  /**
   * The current alias when its key fits one of {@code keyTypes}. The server's list of acceptable
   * issuers is not consulted: during a CA rotation it may not name the new CA yet, and a server
   * that does not trust the certificate says so more clearly than a missing one would.
   */
  @Override
  public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
    return aliasFor(keyTypes);
  }

  @Override
  public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
    return aliasFor(keyTypes);
  }

  @Override
  public String[] getClientAliases(String keyType, Principal[] issuers) {
    String alias = aliasFor(keyType);
    return alias == null ? null : new String[] {alias};
  }

  @Override
  public String[] getServerAliases(String keyType, Principal[] issuers) {
    return getClientAliases(keyType, issuers);
  }

  @Override
  public X509Certificate[] getCertificateChain(String alias) {
    Entry entry = find(alias);
    return entry == null ? null : entry.material().chain().toArray(new X509Certificate[0]);
  }

  @Override
  public PrivateKey getPrivateKey(String alias) {
    Entry entry = find(alias);
    return entry == null ? null : entry.material().privateKey();
  }

  private String aliasFor(String... keyTypes) {
    if (keyTypes == null) {
      return null;
    }
    Entry current = entries.get(0);
    String algorithm = current.material().privateKey().getAlgorithm();
    for (String keyType : keyTypes) {
      if (algorithm.equals(keyType)) {
        return current.alias();
      }
    }
    return null;
  }

  private Entry find(String alias) {
    for (Entry entry : entries) {
      if (entry.alias().equals(alias)) {
        return entry;
      }
    }
    return null;
  }

  private static Entry entry(CertifiedKey material) {
    Objects.requireNonNull(material, "material");
    return new Entry("holdfast-" + material.serial(), material);
  }
}
