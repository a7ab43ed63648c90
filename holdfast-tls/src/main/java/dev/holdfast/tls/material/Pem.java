package dev.holdfast.tls.material;

import dev.holdfast.tls.InvalidRequestException;
import dev.holdfast.tls.TlsMaterialException;
import dev.holdfast.tls.UnsupportedAlgorithmException;
import dev.holdfast.tls.WrongPasswordException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.KeyDerivationFunc;
import org.bouncycastle.asn1.pkcs.PBES2Parameters;
import org.bouncycastle.asn1.pkcs.PBKDF2Params;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.crypto.util.ScryptConfig;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.X509TrustedCertificateBlock;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.OutputEncryptor;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfoBuilder;
import org.bouncycastle.pkcs.jcajce.JcePKCSPBEInputDecryptorProviderBuilder;
import org.bouncycastle.pkcs.jcajce.JcePKCSPBEOutputEncryptorBuilder;

/**
 * PEM reading and writing of certificates, CRLs and PKCS#8 private keys, plain or encrypted (PBES2:
 * scrypt and AES-256-CBC, the form {@code openssl pkcs8 -topk8 -scrypt} writes). Every failure
 * names the file and what is wrong with it; nothing secret reaches a message.
 */
public final class Pem {
  /** Largest PEM file read: a chain or a CRL is kilobytes; a larger file is not one of ours. */
  public static final long MAX_FILE_BYTES = 4L << 20;

  /** Most PBKDF2 iterations an encrypted key file may ask for (a hostile file asks billions). */
  public static final int MAX_PBKDF2_ITERATIONS = 10_000_000;

  private static final ASN1ObjectIdentifier SCRYPT =
      new ASN1ObjectIdentifier("1.3.6.1.4.1.11591.4.11");
  private static final Map<String, String> KEY_ALGORITHMS =
      Map.of("1.2.840.10045.2.1", "EC", "1.2.840.113549.1.1.1", "RSA");
  private static final Map<String, String> UNSUPPORTED_KEYS =
      Map.of(
          "1.2.840.10040.4.1", "DSA",
          "1.3.101.112", "Ed25519",
          "1.3.101.113", "Ed448",
          "1.2.840.113549.1.1.10", "RSASSA-PSS",
          "1.2.840.10046.2.1", "Diffie-Hellman");

  private Pem() {}

  /**
   * BouncyCastle's provider, made on first use: only encrypted keys need it, and making it loads
   * some 400 classes, which every process that merely reads its certificate would pay for.
   */
  private static final class BouncyCastle {
    static final Provider PROVIDER = new BouncyCastleProvider();
  }

  /** The certificates in a PEM file, in file order (a chain is leaf first). */
  public static List<X509Certificate> readCertificates(Path file) {
    return parseCertificates(
        AtomicFiles.read(file, MAX_FILE_BYTES, "certificate file"), file.toString());
  }

  /**
   * The certificates in PEM text; other objects (a key in a combined file) are skipped.
   *
   * @param source names the file or secret, for messages
   * @throws TlsMaterialException when the text is not PEM, is damaged or has no certificate
   */
  public static List<X509Certificate> parseCertificates(byte[] pem, String source) {
    List<Object> objects = objects(pem, source);
    List<X509Certificate> certificates = certificates(objects, source);
    if (certificates.isEmpty()) {
      throw new TlsMaterialException(
          source + ": no certificate in it (found " + labels(objects) + ")");
    }
    return certificates;
  }

  /**
   * The certificates in PEM text, none when it holds only other objects (a key, a CRL): for
   * scanning a folder, where such files are passed over.
   *
   * @throws TlsMaterialException when the text is not PEM or is damaged
   */
  public static List<X509Certificate> certificatesIn(byte[] pem, String source) {
    return certificates(objects(pem, source), source);
  }

  private static List<X509Certificate> certificates(List<Object> objects, String source) {
    List<X509Certificate> certificates = new ArrayList<>();
    for (Object object : objects) {
      if (object instanceof X509CertificateHolder holder) {
        certificates.add(certificate(holder, source));
      } else if (object instanceof X509TrustedCertificateBlock block) {
        certificates.add(certificate(block.getCertificateHolder(), source));
      }
    }
    return List.copyOf(certificates);
  }

  /** The CRLs in a PEM file; an empty file holds none. */
  public static List<X509CRL> readCrls(Path file) {
    return parseCrls(AtomicFiles.read(file, MAX_FILE_BYTES, "CRL file"), file.toString());
  }

  /**
   * The CRLs in PEM text; empty text holds none (nothing revoked yet).
   *
   * @throws TlsMaterialException when the text is not PEM, is damaged or holds other objects only
   */
  public static List<X509CRL> parseCrls(byte[] pem, String source) {
    if (new String(pem, StandardCharsets.US_ASCII).isBlank()) {
      return List.of();
    }
    List<Object> objects = objects(pem, source);
    List<X509CRL> crls = crls(objects, source);
    if (crls.isEmpty()) {
      throw new TlsMaterialException(source + ": no CRL in it (found " + labels(objects) + ")");
    }
    return crls;
  }

  /**
   * The CRLs in PEM text, none when it holds only other objects: for scanning a folder.
   *
   * @throws TlsMaterialException when the text is not PEM or is damaged
   */
  public static List<X509CRL> crlsIn(byte[] pem, String source) {
    return crls(objects(pem, source), source);
  }

  private static List<X509CRL> crls(List<Object> objects, String source) {
    List<X509CRL> crls = new ArrayList<>();
    for (Object object : objects) {
      if (object instanceof X509CRLHolder holder) {
        crls.add(crl(holder, source));
      }
    }
    return List.copyOf(crls);
  }

  /** The one unencrypted private key in a PEM file. */
  public static PrivateKey readPrivateKey(Path file) {
    return parsePrivateKey(
        AtomicFiles.read(file, MAX_FILE_BYTES, "private key file"), file.toString());
  }

  /**
   * The one unencrypted private key in PEM text: PKCS#8 ({@code PRIVATE KEY}), SEC1 ({@code EC
   * PRIVATE KEY}) or PKCS#1 ({@code RSA PRIVATE KEY}).
   *
   * @throws TlsMaterialException when there is no key, more than one, or the key is encrypted
   * @throws UnsupportedAlgorithmException for a key Holdfast does not accept
   */
  public static PrivateKey parsePrivateKey(byte[] pem, String source) {
    Object key = onlyKey(pem, source);
    if (key instanceof PKCS8EncryptedPrivateKeyInfo) {
      throw new TlsMaterialException(
          source + ": the private key is encrypted; a password is needed");
    }
    return privateKey((PrivateKeyInfo) key, source);
  }

  /** The one encrypted private key in a PEM file, decrypted with {@code protection}. */
  public static PrivateKey readEncryptedPrivateKey(Path file, KeyProtection protection) {
    return parseEncryptedPrivateKey(
        AtomicFiles.read(file, MAX_FILE_BYTES, "private key file"), file.toString(), protection);
  }

  /**
   * The one encrypted PKCS#8 private key ({@code ENCRYPTED PRIVATE KEY}) in PEM text. The key
   * derivation cost is checked before any work is done, so a hostile file cannot make us spend
   * gigabytes or hours.
   *
   * @throws WrongPasswordException when the passphrase does not open it (or the file is damaged)
   */
  public static PrivateKey parseEncryptedPrivateKey(
      byte[] pem, String source, KeyProtection protection) {
    Object key = onlyKey(pem, source);
    if (!(key instanceof PKCS8EncryptedPrivateKeyInfo encrypted)) {
      throw new TlsMaterialException(
          source + ": the private key is not encrypted, though it should be");
    }
    requireAcceptableKdf(encrypted.getEncryptionAlgorithm(), source);
    PrivateKeyInfo info;
    try {
      info =
          encrypted.decryptPrivateKeyInfo(
              new JcePKCSPBEInputDecryptorProviderBuilder()
                  .setProvider(BouncyCastle.PROVIDER)
                  .build(protection.passphrase()));
    } catch (Exception e) { // PKCSException, or a padding/ASN.1 error from a wrong key
      throw new WrongPasswordException(
          source + ": the passphrase does not open this private key (or the file is damaged)", e);
    }
    return privateKey(info, source);
  }

  /**
   * The scrypt cost an encrypted PKCS#8 key in PEM text was written with, read without the
   * passphrase; empty for a key under another key derivation (PBKDF2) or an unusual scrypt cost.
   * New keys of the same owner are written at the same cost.
   */
  public static Optional<ScryptCost> scryptCost(byte[] pem, String source) {
    Object key = onlyKey(pem, source);
    if (!(key instanceof PKCS8EncryptedPrivateKeyInfo encrypted)) {
      return Optional.empty();
    }
    AlgorithmIdentifier scheme = encrypted.getEncryptionAlgorithm();
    requireAcceptableKdf(scheme, source);
    KeyDerivationFunc kdf =
        PBES2Parameters.getInstance(scheme.getParameters()).getKeyDerivationFunc();
    if (!SCRYPT.equals(kdf.getAlgorithm())) {
      return Optional.empty();
    }
    ASN1Sequence params = ASN1Sequence.getInstance(kdf.getParameters());
    BigInteger n = ASN1Integer.getInstance(params.getObjectAt(1)).getValue();
    if (n.bitCount() != 1) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new ScryptCost(
              n.bitLength() - 1,
              ASN1Integer.getInstance(params.getObjectAt(2)).getValue().intValueExact(),
              ASN1Integer.getInstance(params.getObjectAt(3)).getValue().intValueExact()));
    } catch (InvalidRequestException | ArithmeticException e) {
      return Optional.empty();
    }
  }

  /** PEM text of {@code certificates}, in order. */
  public static byte[] encodeCertificates(List<X509Certificate> certificates) {
    StringBuilder text = new StringBuilder();
    for (X509Certificate certificate : certificates) {
      try {
        append(text, "CERTIFICATE", certificate.getEncoded());
      } catch (CertificateException e) {
        throw new TlsMaterialException(
            "cannot encode certificate " + Certificates.describe(certificate), e);
      }
    }
    return text.toString().getBytes(StandardCharsets.US_ASCII);
  }

  /** PEM text of {@code crls}, in order; empty text for none. */
  public static byte[] encodeCrls(List<X509CRL> crls) {
    StringBuilder text = new StringBuilder();
    for (X509CRL crl : crls) {
      try {
        append(text, "X509 CRL", crl.getEncoded());
      } catch (java.security.cert.CRLException e) {
        throw new TlsMaterialException(
            "cannot encode the CRL of " + crl.getIssuerX500Principal(), e);
      }
    }
    return text.toString().getBytes(StandardCharsets.US_ASCII);
  }

  /** PEM text of {@code key} as unencrypted PKCS#8. */
  public static byte[] encodePrivateKey(PrivateKey key) {
    StringBuilder text = new StringBuilder();
    append(text, "PRIVATE KEY", key.getEncoded());
    return text.toString().getBytes(StandardCharsets.US_ASCII);
  }

  /** PEM text of {@code key} as encrypted PKCS#8: PBES2 with scrypt and AES-256-CBC. */
  public static byte[] encodeEncryptedPrivateKey(
      PrivateKey key, KeyProtection protection, SecureRandom random) {
    ScryptCost cost = protection.cost();
    try {
      OutputEncryptor encryptor =
          new JcePKCSPBEOutputEncryptorBuilder(
                  new ScryptConfig.Builder(
                          cost.costParameter(), cost.blockSize(), cost.parallelism())
                      .withSaltLength(16)
                      .build(),
                  NISTObjectIdentifiers.id_aes256_CBC)
              .setProvider(BouncyCastle.PROVIDER)
              .setRandom(random)
              .build(protection.passphrase());
      PKCS8EncryptedPrivateKeyInfo encrypted =
          new PKCS8EncryptedPrivateKeyInfoBuilder(key.getEncoded()).build(encryptor);
      StringBuilder text = new StringBuilder();
      append(text, "ENCRYPTED PRIVATE KEY", encrypted.getEncoded());
      return text.toString().getBytes(StandardCharsets.US_ASCII);
    } catch (OperatorCreationException | IOException e) {
      throw new IllegalStateException("cannot encrypt a private key with " + cost, e);
    }
  }

  private static Object onlyKey(byte[] pem, String source) {
    List<Object> objects = objects(pem, source);
    List<Object> keys = new ArrayList<>();
    for (Object object : objects) {
      if (object instanceof PEMEncryptedKeyPair) {
        throw new UnsupportedAlgorithmException(
            source
                + ": the private key uses legacy OpenSSL encryption (Proc-Type); convert it with"
                + " 'openssl pkcs8 -topk8 -scrypt'");
      }
      if (object instanceof PEMKeyPair pair) {
        keys.add(pair.getPrivateKeyInfo());
      } else if (object instanceof PrivateKeyInfo
          || object instanceof PKCS8EncryptedPrivateKeyInfo) {
        keys.add(object);
      }
    }
    if (keys.isEmpty()) {
      throw new TlsMaterialException(
          source + ": no private key in it (found " + labels(objects) + ")");
    }
    if (keys.size() > 1) {
      throw new TlsMaterialException(
          source + ": " + keys.size() + " private keys in it; a key file holds exactly one");
    }
    return keys.get(0);
  }

  private static PrivateKey privateKey(PrivateKeyInfo info, String source) {
    String oid = info.getPrivateKeyAlgorithm().getAlgorithm().getId();
    String algorithm = KEY_ALGORITHMS.get(oid);
    if (algorithm == null) {
      throw new UnsupportedAlgorithmException(
          source
              + ": key algorithm "
              + UNSUPPORTED_KEYS.getOrDefault(oid, oid)
              + " is not supported (use ECDSA P-256 or RSA of at least "
              + Algorithms.MIN_RSA_BITS
              + " bits)");
    }
    PrivateKey key;
    try {
      key =
          KeyFactory.getInstance(algorithm)
              .generatePrivate(new PKCS8EncodedKeySpec(info.getEncoded()));
    } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
      throw new TlsMaterialException(source + ": the " + algorithm + " private key is damaged", e);
    }
    Algorithms.requireSupportedKey(key, source);
    return key;
  }

  /** Refuses key derivations that are not PBES2 or that cost more than a reader should pay. */
  private static void requireAcceptableKdf(AlgorithmIdentifier scheme, String source) {
    if (!PKCSObjectIdentifiers.id_PBES2.equals(scheme.getAlgorithm())) {
      throw new UnsupportedAlgorithmException(
          source
              + ": the private key is encrypted with legacy scheme "
              + scheme.getAlgorithm().getId()
              + "; re-encrypt it with 'openssl pkcs8 -topk8 -scrypt'");
    }
    try {
      KeyDerivationFunc kdf =
          PBES2Parameters.getInstance(scheme.getParameters()).getKeyDerivationFunc();
      ASN1ObjectIdentifier kdfId = kdf.getAlgorithm();
      if (PKCSObjectIdentifiers.id_PBKDF2.equals(kdfId)) {
        BigInteger iterations = PBKDF2Params.getInstance(kdf.getParameters()).getIterationCount();
        if (iterations.compareTo(BigInteger.valueOf(MAX_PBKDF2_ITERATIONS)) > 0) {
          throw new UnsupportedAlgorithmException(
              source
                  + ": the private key asks for "
                  + iterations
                  + " PBKDF2 iterations; at most "
                  + MAX_PBKDF2_ITERATIONS
                  + " are accepted");
        }
      } else if (SCRYPT.equals(kdfId)) {
        ASN1Sequence params = ASN1Sequence.getInstance(kdf.getParameters());
        BigInteger n = ASN1Integer.getInstance(params.getObjectAt(1)).getValue();
        BigInteger r = ASN1Integer.getInstance(params.getObjectAt(2)).getValue();
        BigInteger memory = n.multiply(r).shiftLeft(7);
        if (memory.compareTo(BigInteger.valueOf(ScryptCost.MAX_MEMORY_BYTES)) > 0) {
          throw new UnsupportedAlgorithmException(
              source
                  + ": the private key's scrypt cost (N="
                  + n
                  + ", r="
                  + r
                  + ") needs more than "
                  + (ScryptCost.MAX_MEMORY_BYTES >> 20)
                  + " MiB; it is refused");
        }
      } else {
        throw new UnsupportedAlgorithmException(
            source
                + ": the private key uses key derivation "
                + kdfId.getId()
                + ", which is not supported (use scrypt or PBKDF2)");
      }
    } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
      throw new TlsMaterialException(
          source + ": the encryption parameters of the private key are damaged", e);
    }
  }

  private static List<Object> objects(byte[] pem, String source) {
    String text = new String(pem, StandardCharsets.ISO_8859_1);
    if (!text.contains("-----BEGIN ")) {
      String hint =
          pem.length > 0 && (pem[0] & 0xff) == 0x30
              ? " (it looks like binary DER; convert it with 'openssl x509 -inform der')"
              : "";
      throw new TlsMaterialException(source + ": not PEM, no '-----BEGIN' line in it" + hint);
    }
    List<Object> objects = new ArrayList<>();
    try (PEMParser parser = new PEMParser(new StringReader(text))) {
      for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
        objects.add(object);
      }
    } catch (IOException | RuntimeException e) { // BouncyCastle throws DecoderException and others
      throw new TlsMaterialException(source + ": damaged PEM (" + reason(e) + ")", e);
    }
    if (objects.isEmpty()) {
      throw new TlsMaterialException(source + ": no PEM object could be read from it");
    }
    return objects;
  }

  private static X509Certificate certificate(X509CertificateHolder holder, String source) {
    try {
      return (X509Certificate)
          CertificateFactory.getInstance("X.509")
              .generateCertificate(new ByteArrayInputStream(holder.getEncoded()));
    } catch (CertificateException | IOException e) {
      throw new TlsMaterialException(source + ": a damaged certificate (" + reason(e) + ")", e);
    }
  }

  private static X509CRL crl(X509CRLHolder holder, String source) {
    try {
      return (X509CRL)
          CertificateFactory.getInstance("X.509")
              .generateCRL(new ByteArrayInputStream(holder.getEncoded()));
    } catch (GeneralSecurityException | IOException e) {
      throw new TlsMaterialException(source + ": a damaged CRL (" + reason(e) + ")", e);
    }
  }

  private static String labels(List<Object> objects) {
    List<String> labels = new ArrayList<>();
    for (Object object : objects) {
      String label = label(object);
      if (!labels.contains(label)) {
        labels.add(label);
      }
    }
    return String.join(", ", labels);
  }

  private static String label(Object object) {
    if (object instanceof X509CertificateHolder || object instanceof X509TrustedCertificateBlock) {
      return "CERTIFICATE";
    }
    if (object instanceof X509CRLHolder) {
      return "X509 CRL";
    }
    if (object instanceof PrivateKeyInfo || object instanceof PEMKeyPair) {
      return "PRIVATE KEY";
    }
    if (object instanceof PKCS8EncryptedPrivateKeyInfo || object instanceof PEMEncryptedKeyPair) {
      return "ENCRYPTED PRIVATE KEY";
    }
    if (object instanceof org.bouncycastle.asn1.x509.SubjectPublicKeyInfo) {
      return "PUBLIC KEY";
    }
    if (object instanceof org.bouncycastle.pkcs.PKCS10CertificationRequest) {
      return "CERTIFICATE REQUEST";
    }
    return "other PEM data";
  }

  private static String reason(Exception e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }

  private static void append(StringBuilder text, String type, byte[] der) {
    text.append("-----BEGIN ").append(type).append("-----\n");
    text.append(Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der));
    text.append("\n-----END ").append(type).append("-----\n");
  }
}
