package dev.holdfast.tls.material;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.holdfast.tls.TlsException;
import dev.holdfast.tls.TlsMaterialException;
import dev.holdfast.tls.TlsStorageException;
import dev.holdfast.tls.UnsupportedAlgorithmException;
import dev.holdfast.tls.WrongPasswordException;
import dev.holdfast.tls.ca.CertificateAuthority;
import dev.holdfast.tls.material.AtomicFiles.Visibility;
import dev.holdfast.tls.testing.MutableClock;
import dev.holdfast.tls.testing.TestCertificates;
import dev.holdfast.tls.testing.TlsFixtures;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.pkcs.EncryptedPrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.KeyDerivationFunc;
import org.bouncycastle.asn1.pkcs.PBES2Parameters;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcePEMEncryptorBuilder;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * PEM material round-trips, and every kind of bad input gets a clear error naming the file:
 * garbage, DER, truncation, damage, the wrong kind of object, a key of another certificate,
 * unsupported algorithms, wrong passwords and hostile key-derivation costs.
 */
class PemTest {
  private final MutableClock clock = new MutableClock();
  private final CertificateAuthority ca = TestCertificates.ca("Test CA", clock);
  @TempDir Path dir;

  @Test
  void certificatesKeysAndEncryptedKeysRoundTrip() {
    CertifiedKey leaf = TestCertificates.leaf(ca, "agent");
    LeafFiles files = LeafFiles.in(dir);
    files.write(new CertifiedKey(leaf.privateKey(), List.of(leaf.certificate(), ca.certificate())));

    CertifiedKey read = files.read();

    assertThat(read.chain()).containsExactly(leaf.certificate(), ca.certificate());
    assertThat(read.privateKey()).isEqualTo(leaf.privateKey());
    byte[] encrypted =
        Pem.encodeEncryptedPrivateKey(
            leaf.privateKey(), TlsFixtures.protection(), new SecureRandom());
    assertThat(new String(encrypted, StandardCharsets.US_ASCII))
        .startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");
    assertThat(Pem.parseEncryptedPrivateKey(encrypted, "ca.key", TlsFixtures.protection()))
        .isEqualTo(leaf.privateKey());
  }

  @Test
  void aCertifiedKeyNeverShowsTheKey() {
    CertifiedKey leaf = TestCertificates.leaf(ca, "agent");
    assertThat(leaf.toString()).isEqualTo("CertifiedKey[CN=agent (serial " + leaf.serial() + ")]");
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void randomBytesAreNotPem(long seed) {
    byte[] garbage = new byte[1 + new Random(seed).nextInt(4096)];
    new Random(seed).nextBytes(garbage);

    assertThatThrownBy(() -> Pem.parseCertificates(garbage, "tls.crt"))
        .as("seed %d", seed)
        .isInstanceOf(TlsMaterialException.class)
        .hasMessageStartingWith("tls.crt: not PEM");
  }

  @Test
  void derIsRecognisedAndTheConversionSuggested() throws Exception {
    byte[] der = ca.certificate().getEncoded();
    assertThatThrownBy(() -> Pem.parseCertificates(der, "tls.crt"))
        .isInstanceOf(TlsMaterialException.class)
        .hasMessage(
            "tls.crt: not PEM, no '-----BEGIN' line in it (it looks like binary DER; convert it"
                + " with 'openssl x509 -inform der')");
  }

  @Test
  void aTruncatedPemIsDamaged() {
    String pem =
        new String(Pem.encodeCertificates(List.of(ca.certificate())), StandardCharsets.US_ASCII);
    byte[] truncated = pem.substring(0, pem.length() / 2).getBytes(StandardCharsets.US_ASCII);

    assertThatThrownBy(() -> Pem.parseCertificates(truncated, "tls.crt"))
        .isInstanceOf(TlsMaterialException.class)
        .hasMessageStartingWith("tls.crt: damaged PEM (");
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
  void aGarbledCertificateIsAClearErrorNeverAnotherException(long seed) {
    byte[] pem = Pem.encodeCertificates(List.of(ca.certificate()));
    Random random = new Random(seed);
    int begin = "-----BEGIN CERTIFICATE-----\n".length();
    for (int i = 0; i < 4; i++) {
      int at = begin + random.nextInt(pem.length - begin - 30);
      if (pem[at] != '\n') {
        pem[at] = (byte) "ABCDEFGHIJKLMNOPQRSTUVWXYZ+/#!".charAt(random.nextInt(30));
      }
    }

    try {
      X509Certificate parsed = Pem.parseCertificates(pem, "tls.crt").get(0);
      // a flip inside the signature still parses; it must then not verify
      assertThat(verifies(parsed)).as("seed %d", seed).isFalse();
    } catch (TlsMaterialException e) {
      assertThat(e).as("seed %d", seed).hasMessageStartingWith("tls.crt: ");
    }
  }

  @Test
  void aFileWithoutACertificateSaysWhatItHolds() {
    byte[] key = Pem.encodePrivateKey(TestCertificates.leaf(ca, "a").privateKey());
    assertThatThrownBy(() -> Pem.parseCertificates(key, "tls.crt"))
        .isInstanceOf(TlsMaterialException.class)
        .hasMessage("tls.crt: no certificate in it (found PRIVATE KEY)");
    byte[] certificate = Pem.encodeCertificates(List.of(ca.certificate()));
    assertThatThrownBy(() -> Pem.parsePrivateKey(certificate, "tls.key"))
        .isInstanceOf(TlsMaterialException.class)
        .hasMessage("tls.key: no private key in it (found CERTIFICATE)");
  }

  @Test
  void aKeyOfAnotherCertificateIsRefused() {
    CertifiedKey mine = TestCertificates.leaf(ca, "mine");
    CertifiedKey theirs = TestCertificates.leaf(ca, "theirs");
    LeafFiles files = LeafFiles.in(dir);
    files.write(mine);
    AtomicFiles.write(
        files.privateKey(), Pem.encodePrivateKey(theirs.privateKey()), Visibility.PRIVATE);

    assertThatThrownBy(files::read)
        .isInstanceOf(TlsMaterialException.class)
        .hasMessage(
            files.privateKey()
                + " and "
                + files.certificate()
                + ": the private key does not belong to certificate CN=mine (serial "
                + mine.serial()
                + ")");
  }

  @Test
  void unsupportedKeyAlgorithmsAreNamed() {
    KeyPair dsa = TestCertificates.keyPair("DSA", 2048);
    assertThatThrownBy(() -> Pem.parsePrivateKey(Pem.encodePrivateKey(dsa.getPrivate()), "dsa.key"))
        .isInstanceOf(UnsupportedAlgorithmException.class)
        .hasMessageStartingWith("dsa.key: key algorithm DSA is not supported");
    KeyPair ed = TestCertificates.keyPair("Ed25519", 0);
    assertThatThrownBy(() -> Pem.parsePrivateKey(Pem.encodePrivateKey(ed.getPrivate()), "ed.key"))
        .isInstanceOf(UnsupportedAlgorithmException.class)
        .hasMessageStartingWith("ed.key: key algorithm Ed25519 is not supported");
    KeyPair weak = TestCertificates.keyPair("RSA", 1024);
    assertThatThrownBy(
            () -> Pem.parsePrivateKey(Pem.encodePrivateKey(weak.getPrivate()), "weak.key"))
        .isInstanceOf(UnsupportedAlgorithmException.class)
        .hasMessageStartingWith("weak.key: an RSA key of 1024 bits is not supported");
  }

  @Test
  void aCertificateSignedWithSha1IsRefused() {
    KeyPair rsa = TestCertificates.keyPair("RSA", 2048);
    X509Certificate sha1 = TestCertificates.selfSigned(rsa, "SHA1withRSA", clock);

    assertThatThrownBy(() -> CertifiedKey.of(rsa.getPrivate(), List.of(sha1), "old.pem"))
        .isInstanceOf(UnsupportedAlgorithmException.class)
        .hasMessage(
            "old.pem: certificate CN=odd one (serial 2a) is signed with SHA1withRSA, which is not"
                + " supported (use SHA-256 or stronger with ECDSA or RSA)");
  }

  @Test
  void aWrongPassphraseIsSaidSoWithoutRepeatingIt() {
    byte[] encrypted =
        Pem.encodeEncryptedPrivateKey(
            TestCertificates.leaf(ca, "a").privateKey(),
            TlsFixtures.protection(),
            new SecureRandom());
    KeyProtection wrong =
        KeyProtection.withPassphrase("hunter2-wrong".toCharArray()).withCost(TlsFixtures.CHEAP);

    assertThatThrownBy(() -> Pem.parseEncryptedPrivateKey(encrypted, "ca.key", wrong))
        .isInstanceOf(WrongPasswordException.class)
        .hasMessage(
            "ca.key: the passphrase does not open this private key (or the file is damaged)")
        .hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> Pem.parsePrivateKey(encrypted, "ca.key"))
        .isInstanceOf(TlsMaterialException.class)
        .hasMessage("ca.key: the private key is encrypted; a password is needed");
  }

  @Test
  void aKeyFileAskingForAHugeScryptCostIsRefusedBeforeAnyWork() throws Exception {
    byte[] cheap =
        Pem.encodeEncryptedPrivateKey(
            TestCertificates.leaf(ca, "a").privateKey(),
            TlsFixtures.protection(),
            new SecureRandom());
    PKCS8EncryptedPrivateKeyInfo parsed;
    try (PEMParser parser =
        new PEMParser(new java.io.StringReader(new String(cheap, StandardCharsets.US_ASCII)))) {
      parsed = (PKCS8EncryptedPrivateKeyInfo) parser.readObject();
    }
    PBES2Parameters pbes2 =
        PBES2Parameters.getInstance(parsed.getEncryptionAlgorithm().getParameters());
    ASN1Sequence scrypt = ASN1Sequence.getInstance(pbes2.getKeyDerivationFunc().getParameters());
    ASN1EncodableVector hostile = new ASN1EncodableVector();
    hostile.add(scrypt.getObjectAt(0));
    hostile.add(new ASN1Integer(1L << 30)); // N: 1 TiB of memory with r = 8
    for (int i = 2; i < scrypt.size(); i++) {
      hostile.add(scrypt.getObjectAt(i));
    }
    PBES2Parameters modified =
        new PBES2Parameters(
            new KeyDerivationFunc(
                pbes2.getKeyDerivationFunc().getAlgorithm(), new DERSequence(hostile)),
            pbes2.getEncryptionScheme());
    EncryptedPrivateKeyInfo forged =
        new EncryptedPrivateKeyInfo(
            new AlgorithmIdentifier(PKCSObjectIdentifiers.id_PBES2, modified),
            parsed.getEncryptedData());
    String pem =
        "-----BEGIN ENCRYPTED PRIVATE KEY-----\n"
            + java.util.Base64.getMimeEncoder().encodeToString(forged.getEncoded())
            + "\n-----END ENCRYPTED PRIVATE KEY-----\n";

    assertThatThrownBy(
            () ->
                Pem.parseEncryptedPrivateKey(
                    pem.getBytes(StandardCharsets.US_ASCII), "ca.key", TlsFixtures.protection()))
        .isInstanceOf(UnsupportedAlgorithmException.class)
        .hasMessage(
            "ca.key: the private key's scrypt cost (N=1073741824, r=8) needs more than 512 MiB; it"
                + " is refused");
  }

  @Test
  void legacyOpensslEncryptionIsRefusedWithTheConversion() throws Exception {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
      writer.writeObject(
          TestCertificates.keyPair("RSA", 2048),
          new JcePEMEncryptorBuilder("AES-256-CBC")
              .setProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider())
              .build("secret".toCharArray()));
    }
    byte[] legacy = text.toString().getBytes(StandardCharsets.US_ASCII);

    assertThatThrownBy(() -> Pem.parsePrivateKey(legacy, "old.key"))
        .isInstanceOf(UnsupportedAlgorithmException.class)
        .hasMessage(
            "old.key: the private key uses legacy OpenSSL encryption (Proc-Type); convert it with"
                + " 'openssl pkcs8 -topk8 -scrypt'");
  }

  @Test
  void missingAndOversizedFilesAreNamed() throws Exception {
    Path missing = dir.resolve("nope.crt");
    assertThatThrownBy(() -> Pem.readCertificates(missing))
        .isInstanceOf(TlsStorageException.class)
        .hasMessage("reading certificate file " + missing + ": no such file");
    Path huge = dir.resolve("huge.crt");
    byte[] big = new byte[(int) Pem.MAX_FILE_BYTES + 1];
    Arrays.fill(big, (byte) 'A');
    Files.write(huge, big);
    assertThatThrownBy(() -> Pem.readCertificates(huge))
        .isInstanceOf(TlsException.class)
        .hasMessage("certificate file " + huge + " is larger than 4194304 bytes; it cannot be one");
  }

  @Test
  void anEmptyCrlFileHoldsNoCrlButGarbageIsAnError() {
    assertThat(Pem.parseCrls(new byte[0], "crl.pem")).isEmpty();
    assertThatThrownBy(
            () -> Pem.parseCrls(Pem.encodeCertificates(List.of(ca.certificate())), "crl.pem"))
        .isInstanceOf(TlsMaterialException.class)
        .hasMessage("crl.pem: no CRL in it (found CERTIFICATE)");
  }

  private boolean verifies(X509Certificate certificate) {
    try {
      certificate.verify(ca.certificate().getPublicKey());
      return true;
    } catch (Exception e) {
      return false;
    }
  }
}
