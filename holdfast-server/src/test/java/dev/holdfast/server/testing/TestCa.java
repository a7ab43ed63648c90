package dev.holdfast.server.testing;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A tiny certificate authority for tests: an ECDSA P-256 root that issues server and client leaf
 * certificates with the SANs, purposes and validity a test asks for, so that every TLS test runs
 * real handshakes against real certificate validation. Not holdfast-tls: only what tests need.
 */
public final class TestCa {
  /** The password of every key store made here. */
  public static final char[] PASSWORD = "test".toCharArray();

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final AtomicLong SERIALS = new AtomicLong(System.nanoTime());

  private final String name;
  private final KeyPair keys;
  private final X509Certificate certificate;

  private TestCa(String name, KeyPair keys, X509Certificate certificate) {
    this.name = name;
    this.keys = keys;
    this.certificate = certificate;
  }

  /** A new root CA named {@code name}, valid from an hour ago for a year. */
  public static TestCa create(String name) {
    try {
      KeyPair keys = newKeys();
      Instant now = Instant.now();
      X500Name subject = new X500Name("CN=" + name);
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              subject,
              serial(),
              Date.from(now.minus(Duration.ofHours(1))),
              Date.from(now.plus(Duration.ofDays(365))),
              subject,
              keys.getPublic());
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      builder.addExtension(
          Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      builder.addExtension(
          Extension.subjectKeyIdentifier,
          false,
          extensions.createSubjectKeyIdentifier(keys.getPublic()));
      return new TestCa(name, keys, sign(builder, keys));
    } catch (GeneralSecurityException | OperatorCreationException | java.io.IOException e) {
      throw new IllegalStateException("creating test CA " + name, e);
    }
  }

  /** The CA's certificate. */
  public X509Certificate certificate() {
    return certificate;
  }

  /** A trust store holding only this CA. */
  public KeyStore trustStore() {
    return trustStore(this);
  }

  /** A trust store holding {@code cas}. */
  public static KeyStore trustStore(TestCa... cas) {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      for (TestCa ca : cas) {
        store.setCertificateEntry(ca.name, ca.certificate);
      }
      return store;
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A server certificate for 127.0.0.1 and localhost, valid now. */
  public Issued server() {
    return issue(
        Leaf.server("holdfast-server")
            .withSans(
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                new GeneralName(GeneralName.dNSName, "localhost")));
  }

  /** A client certificate whose identity is the URI SAN {@code uri}, valid now. */
  public Issued client(String uri) {
    return issue(
        Leaf.client("holdfast-client")
            .withSans(new GeneralName(GeneralName.uniformResourceIdentifier, uri)));
  }

  /** A certificate as {@code leaf} describes it, signed by this CA. */
  public Issued issue(Leaf leaf) {
    try {
      KeyPair leafKeys = newKeys();
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              certificate,
              serial(),
              Date.from(leaf.notBefore()),
              Date.from(leaf.notAfter()),
              new X500Name("CN=" + leaf.commonName()),
              leafKeys.getPublic());
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(leaf.purpose()));
      builder.addExtension(
          Extension.authorityKeyIdentifier,
          false,
          extensions.createAuthorityKeyIdentifier(certificate));
      if (!leaf.sans().isEmpty()) {
        builder.addExtension(
            Extension.subjectAlternativeName,
            false,
            new GeneralNames(leaf.sans().toArray(new GeneralName[0])));
      }
      return new Issued(leafKeys, new X509Certificate[] {sign(builder, keys), certificate});
    } catch (GeneralSecurityException | OperatorCreationException | java.io.IOException e) {
      throw new IllegalStateException("issuing " + leaf, e);
    }
  }

  /**
   * What a leaf certificate says.
   *
   * @param purpose server or client authentication
   */
  public record Leaf(
      String commonName,
      KeyPurposeId purpose,
      List<GeneralName> sans,
      Instant notBefore,
      Instant notAfter) {

    /** A server certificate valid from an hour ago for a day, without SANs yet. */
    public static Leaf server(String commonName) {
      Instant now = Instant.now();
      return new Leaf(
          commonName,
          KeyPurposeId.id_kp_serverAuth,
          List.of(),
          now.minus(Duration.ofHours(1)),
          now.plus(Duration.ofDays(1)));
    }

    /** A client certificate valid from an hour ago for a day, without SANs yet. */
    public static Leaf client(String commonName) {
      Instant now = Instant.now();
      return new Leaf(
          commonName,
          KeyPurposeId.id_kp_clientAuth,
          List.of(),
          now.minus(Duration.ofHours(1)),
          now.plus(Duration.ofDays(1)));
    }

    /** This leaf with {@code more} SANs. */
    public Leaf withSans(GeneralName... more) {
      List<GeneralName> all = new ArrayList<>(sans);
      all.addAll(List.of(more));
      return new Leaf(commonName, purpose, List.copyOf(all), notBefore, notAfter);
    }

    /** This leaf valid from {@code from} until {@code until}. */
    public Leaf validBetween(Instant from, Instant until) {
      return new Leaf(commonName, purpose, sans, from, until);
    }
  }

  private static KeyPair newKeys() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
    return generator.generateKeyPair();
  }

  private static BigInteger serial() {
    return BigInteger.valueOf(SERIALS.incrementAndGet());
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair signer)
      throws OperatorCreationException, GeneralSecurityException {
    ContentSigner signature =
        new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate());
    return new JcaX509CertificateConverter().getCertificate(builder.build(signature));
  }
}
