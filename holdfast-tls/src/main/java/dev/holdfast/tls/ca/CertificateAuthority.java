package dev.holdfast.tls.ca;

import dev.holdfast.tls.OperationRefusedException;
import dev.holdfast.tls.TlsMaterialException;
import dev.holdfast.tls.material.Algorithms;
import dev.holdfast.tls.material.AtomicFiles;
import dev.holdfast.tls.material.AtomicFiles.Visibility;
import dev.holdfast.tls.material.Certificates;
import dev.holdfast.tls.material.CertifiedKey;
import dev.holdfast.tls.material.KeyProtection;
import dev.holdfast.tls.material.Pem;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * One certificate authority: a key pair and its self-signed certificate (basic constraints CA with
 * path length 0, so it signs leaves only), which issues leaf certificates and signs CRLs. Time
 * comes from the injected clock, serials and keys from the injected random source.
 *
 * <p>Every certificate it makes is valid from {@link #CLOCK_SKEW} before the moment of issue, so
 * that a peer whose clock is a little behind does not refuse a certificate issued a second ago.
 * Instances are immutable and safe for use by several threads.
 */
public final class CertificateAuthority {
  /** How far back a new certificate's notBefore is set, for peers whose clocks lag. */
  public static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

  /** Lifetime of a CA certificate unless configured; rotation starts long before it ends. */
  public static final Duration DEFAULT_LIFETIME = Duration.ofDays(365);

  /** Name of the CA certificate in a CA folder. */
  public static final String CERTIFICATE_FILE = "ca.crt";

  /** Name of the encrypted CA private key in a CA folder. */
  public static final String KEY_FILE = "ca.key";

  private final CertifiedKey material;
  private final Clock clock;
  private final SecureRandom random;

  private CertificateAuthority(CertifiedKey material, Clock clock, SecureRandom random) {
    this.material = material;
    this.clock = Objects.requireNonNull(clock, "clock");
    this.random = Objects.requireNonNull(random, "random");
  }

  /** Creates a new CA with a fresh key pair and a self-signed certificate. */
  public static CertificateAuthority create(
      String commonName,
      KeyAlgorithm algorithm,
      Duration lifetime,
      Clock clock,
      SecureRandom random) {
    KeyPair keys = algorithm.generate(random);
    Instant now = clock.instant();
    X500Name subject = name(commonName);
    try {
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              subject,
              serial(random),
              Date.from(now.minus(CLOCK_SKEW)),
              Date.from(now.plus(lifetime)),
              subject,
              keys.getPublic());
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
      builder.addExtension(
          Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      X509Certificate certificate =
          identifyAndSign(builder, keys.getPublic(), keys.getPublic(), keys.getPrivate(), random);
      return new CertificateAuthority(
          new CertifiedKey(keys.getPrivate(), List.of(certificate)), clock, random);
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot make a CA certificate", e);
    }
  }

  /**
   * A CA over existing material, which must be a CA certificate with its key.
   *
   * @throws TlsMaterialException when the certificate is not a CA's
   */
  public static CertificateAuthority of(CertifiedKey material, Clock clock, SecureRandom random) {
    X509Certificate certificate = material.certificate();
    boolean[] usage = certificate.getKeyUsage();
    if (certificate.getBasicConstraints() < 0 || (usage != null && !usage[5])) {
      throw new TlsMaterialException(
          "certificate " + Certificates.describe(certificate) + " is not a CA certificate");
    }
    return new CertificateAuthority(material, clock, random);
  }

  /**
   * Loads a CA saved by {@link #save}: {@code ca.crt} and the encrypted {@code ca.key}.
   *
   * @throws dev.holdfast.tls.WrongPasswordException when the passphrase does not open the key
   */
  public static CertificateAuthority load(
      Path folder, KeyProtection protection, Clock clock, SecureRandom random) {
    Path keyFile = folder.resolve(KEY_FILE);
    Path certificateFile = folder.resolve(CERTIFICATE_FILE);
    PrivateKey key = Pem.readEncryptedPrivateKey(keyFile, protection);
    List<X509Certificate> chain = Pem.readCertificates(certificateFile);
    return of(CertifiedKey.of(key, chain, keyFile + " and " + certificateFile), clock, random);
  }

  /**
   * Saves this CA in {@code folder} (created 0700): the key encrypted with {@code protection}
   * (0600), then the certificate (0644), each written atomically.
   */
  public void save(Path folder, KeyProtection protection) {
    AtomicFiles.createPrivateFolder(folder);
    AtomicFiles.write(folder.resolve(KEY_FILE), encryptedKey(protection), Visibility.PRIVATE);
    AtomicFiles.write(
        folder.resolve(CERTIFICATE_FILE),
        Pem.encodeCertificates(material.chain()),
        Visibility.PUBLIC);
  }

  /**
   * The CA private key encrypted with {@code protection}, PEM, as {@link #save} writes {@code
   * ca.key}: for keeping the CA somewhere other than a folder, such as a Kubernetes Secret.
   */
  public byte[] encryptedKey(KeyProtection protection) {
    return Pem.encodeEncryptedPrivateKey(material.privateKey(), protection, random);
  }

  /** The CA certificate, which peers put in their trust bundle. */
  public X509Certificate certificate() {
    return material.certificate();
  }

  /**
   * Issues a leaf certificate with a fresh key pair. It expires after the requested lifetime or
   * with this CA, whichever comes first.
   *
   * @throws OperationRefusedException when this CA has expired
   */
  public CertifiedKey issue(LeafRequest request) {
    Instant now = clock.instant();
    X509Certificate ca = certificate();
    Instant caEnd = ca.getNotAfter().toInstant();
    if (!now.isBefore(caEnd)) {
      throw new OperationRefusedException(
          "CA " + Certificates.describe(ca) + " expired at " + caEnd + "; rotate the CA");
    }
    Instant notAfter = now.plus(request.lifetime());
    if (notAfter.isAfter(caEnd)) {
      notAfter = caEnd;
    }
    KeyPair keys = request.keyAlgorithm().generate(random);
    try {
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              ca,
              serial(random),
              Date.from(now.minus(CLOCK_SKEW)),
              Date.from(notAfter),
              name(request.commonName()),
              keys.getPublic());
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      int usage = KeyUsage.digitalSignature;
      if (request.keyAlgorithm().enciphers()) {
        usage |= KeyUsage.keyEncipherment; // RSA key transport in TLS 1.2
      }
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(usage));
      builder.addExtension(
          Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes(request.usage())));
      builder.addExtension(Extension.subjectAlternativeName, false, alternativeNames(request));
      X509Certificate leaf =
          identifyAndSign(
              builder, keys.getPublic(), ca.getPublicKey(), material.privateKey(), random);
      return new CertifiedKey(keys.getPrivate(), List.of(leaf));
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot issue a certificate for " + request.commonName(), e);
    }
  }

  /**
   * A CRL signed by this CA listing {@code revoked}, valid from now until now plus {@code
   * validity}.
   *
   * @param number the CRL number, which must grow with every CRL this CA signs
   */
  public X509CRL revocationList(List<Revocation> revoked, Duration validity, long number) {
    Instant now = clock.instant();
    X509Certificate ca = certificate();
    try {
      X509v2CRLBuilder builder =
          new X509v2CRLBuilder(
              X500Name.getInstance(ca.getSubjectX500Principal().getEncoded()), Date.from(now));
      builder.setNextUpdate(Date.from(now.plus(validity)));
      for (Revocation revocation : revoked) {
        builder.addCRLEntry(
            revocation.serial().value(),
            Date.from(revocation.revokedAt()),
            revocation.reason().code());
      }
      builder.addExtension(
          Extension.authorityKeyIdentifier,
          false,
          new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(ca.getPublicKey()));
      builder.addExtension(Extension.cRLNumber, false, new CRLNumber(BigInteger.valueOf(number)));
      return new JcaX509CRLConverter().getCRL(builder.build(signer(material.privateKey(), random)));
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot sign a CRL", e);
    }
  }

  /** Whether {@code certificate} carries this CA's signature. */
  public boolean signed(X509Certificate certificate) {
    return verifies(certificate, certificate().getPublicKey());
  }

  private static boolean verifies(X509Certificate certificate, PublicKey key) {
    try {
      certificate.verify(key);
      return true;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  /**
   * Adds the subject and authority key identifiers (RFC 5280 method 1) and signs: the last steps of
   * every certificate made here.
   */
  private static X509Certificate identifyAndSign(
      X509v3CertificateBuilder builder,
      PublicKey subjectKey,
      PublicKey issuerKey,
      PrivateKey signingKey,
      SecureRandom random)
      throws GeneralSecurityException, IOException {
    JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
    builder.addExtension(
        Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(subjectKey));
    builder.addExtension(
        Extension.authorityKeyIdentifier,
        false,
        extensions.createAuthorityKeyIdentifier(issuerKey));
    return new JcaX509CertificateConverter()
        .getCertificate(builder.build(signer(signingKey, random)));
  }

  private static X500Name name(String commonName) {
    return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
  }

  /** A random positive serial of up to 128 bits: unpredictable, as RFC 5280 and CABF advise. */
  private static BigInteger serial(SecureRandom random) {
    BigInteger serial;
    do {
      serial = new BigInteger(128, random);
    } while (serial.signum() == 0);
    return serial;
  }

  private static KeyPurposeId[] purposes(Usage usage) {
    List<KeyPurposeId> purposes = new ArrayList<>();
    if (usage.serves()) {
      purposes.add(KeyPurposeId.id_kp_serverAuth);
    }
    if (usage.connects()) {
      purposes.add(KeyPurposeId.id_kp_clientAuth);
    }
    return purposes.toArray(new KeyPurposeId[0]);
  }

  private static GeneralNames alternativeNames(LeafRequest request) {
    List<GeneralName> names = new ArrayList<>();
    request.dnsNames().forEach(n -> names.add(new GeneralName(GeneralName.dNSName, n)));
    request.ipAddresses().forEach(n -> names.add(new GeneralName(GeneralName.iPAddress, n)));
    request
        .uris()
        .forEach(n -> names.add(new GeneralName(GeneralName.uniformResourceIdentifier, n)));
    return new GeneralNames(names.toArray(new GeneralName[0]));
  }

  private static ContentSigner signer(PrivateKey key, SecureRandom random) {
    try {
      return new JcaContentSignerBuilder(Algorithms.signatureAlgorithmFor(key))
          .setSecureRandom(random)
          .build(key);
    } catch (OperatorCreationException e) {
      throw new IllegalStateException("cannot sign with a " + key.getAlgorithm() + " key", e);
    }
  }
}
