package dev.holdfast.tls.testing;

import dev.holdfast.tls.ca.CertificateAuthority;
import dev.holdfast.tls.ca.KeyAlgorithm;
import dev.holdfast.tls.ca.LeafRequest;
import dev.holdfast.tls.ca.Usage;
import dev.holdfast.tls.material.CertifiedKey;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Certificates for material tests: CA-issued leaves and odd self-signed ones made on purpose. */
public final class TestCertificates {
  private TestCertificates() {}

  public static CertificateAuthority ca(String name, Clock clock) {
    return CertificateAuthority.create(
        name, KeyAlgorithm.ECDSA_P256, Duration.ofDays(365), clock, new SecureRandom());
  }

  public static CertifiedKey leaf(CertificateAuthority ca, String commonName) {
    return ca.issue(LeafRequest.of(commonName, Usage.BOTH, "spiffe://holdfast/test/" + commonName));
  }

  /** A fresh key pair of a JCA algorithm and size ("RSA", 1024; "DSA", 2048; "Ed25519", 0). */
  public static KeyPair keyPair(String algorithm, int bits) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
      if (bits > 0) {
        generator.initialize(bits);
      }
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A self-signed certificate over {@code keys}, signed with {@code signatureAlgorithm}. */
  public static X509Certificate selfSigned(KeyPair keys, String signatureAlgorithm, Clock clock) {
    try {
      X500Name name = new X500Name("CN=odd one");
      return new JcaX509CertificateConverter()
          .getCertificate(
              new JcaX509v3CertificateBuilder(
                      name,
                      BigInteger.valueOf(42),
                      Date.from(clock.instant()),
                      Date.from(clock.instant().plus(Duration.ofDays(1))),
                      name,
                      keys.getPublic())
                  .build(new JcaContentSignerBuilder(signatureAlgorithm).build(keys.getPrivate())));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Writes a keystore of {@code type} ("PKCS12", "JKS") to {@code file} holding {@code leaf}'s key
   * and chain under alias "server" and {@code ca} as a trusted entry "ca", both under {@code
   * password}.
   */
  public static Path keystore(
      Path file, String type, char[] password, CertifiedKey leaf, X509Certificate ca) {
    try {
      KeyStore store = KeyStore.getInstance(type);
      store.load(null, null);
      store.setKeyEntry(
          "server", leaf.privateKey(), password, new X509Certificate[] {leaf.certificate(), ca});
      store.setCertificateEntry("ca", ca);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      store.store(out, password);
      return Files.write(file, out.toByteArray());
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
