package dev.holdfast.tls.material;

import dev.holdfast.tls.TlsMaterialException;
import dev.holdfast.tls.WrongPasswordException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the certificates out of Java keystores (PKCS#12 and JKS), so that certificates Holdfast
 * does not manage can still be watched for expiry. The type is told from the file's first bytes,
 * and a truncated file, a file of another kind and a wrong password each get their own message.
 */
public final class KeyStoreFiles {
  /** Largest keystore read. */
  public static final long MAX_FILE_BYTES = 16L << 20;

  private static final int JKS_MAGIC = 0xFEEDFEED;
  private static final int JCEKS_MAGIC = 0xCECECECE;

  private KeyStoreFiles() {}

  /**
   * What a keystore holds: its type and the certificate chain under each alias (a trusted
   * certificate entry is a chain of one).
   */
  public record Contents(String type, Map<String, List<X509Certificate>> chains) {
    /** Copies the map, keeping the keystore's alias order. */
    public Contents {
      chains = Collections.unmodifiableMap(new LinkedHashMap<>(chains));
    }
  }

  /**
   * Opens {@code file} with {@code password} and lists its certificates.
   *
   * @throws WrongPasswordException when the password does not open it (or its integrity check
   *     fails, which the password guards too)
   * @throws TlsMaterialException when it is not a keystore, or is truncated or damaged
   */
  public static Contents read(Path file, char[] password) {
    byte[] bytes = AtomicFiles.read(file, MAX_FILE_BYTES, "keystore");
    String type = type(bytes, file);
    KeyStore store;
    try {
      store = KeyStore.getInstance(type);
      store.load(new ByteArrayInputStream(bytes), password);
    } catch (IOException e) {
      if (causedByWrongPassword(e)) {
        throw new WrongPasswordException(
            file + ": the password does not open this " + type + " keystore (or it is damaged)", e);
      }
      throw new TlsMaterialException(file + ": a truncated or damaged " + type + " keystore", e);
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new TlsMaterialException(file + ": a damaged " + type + " keystore", e);
    }
    try {
      Map<String, List<X509Certificate>> chains = new LinkedHashMap<>();
      for (String alias : Collections.list(store.aliases())) {
        Certificate[] chain = store.getCertificateChain(alias);
        if (chain == null) {
          Certificate single = store.getCertificate(alias);
          chain = single == null ? new Certificate[0] : new Certificate[] {single};
        }
        List<X509Certificate> certificates = new ArrayList<>();
        for (Certificate certificate : chain) {
          if (certificate instanceof X509Certificate x509) {
            certificates.add(x509);
          }
        }
        if (!certificates.isEmpty()) {
          chains.put(alias, List.copyOf(certificates));
        }
      }
      return new Contents(type, chains);
    } catch (KeyStoreException e) {
      throw new TlsMaterialException(file + ": cannot list the " + type + " keystore", e);
    }
  }

  private static String type(byte[] bytes, Path file) {
    if (bytes.length >= 4) {
      int magic =
          (bytes[0] & 0xff) << 24
              | (bytes[1] & 0xff) << 16
              | (bytes[2] & 0xff) << 8
              | bytes[3] & 0xff;
      if (magic == JKS_MAGIC) {
        return "JKS";
      }
      if (magic == JCEKS_MAGIC) {
        return "JCEKS";
      }
      if ((bytes[0] & 0xff) == 0x30) { // a DER SEQUENCE: PKCS#12
        return "PKCS12";
      }
    }
    throw new TlsMaterialException(
        file
            + ": not a PKCS#12 or JKS keystore"
            + (bytes.length < 4 ? " (it is nearly empty)" : ""));
  }

  private static boolean causedByWrongPassword(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof UnrecoverableKeyException) {
        return true;
      }
    }
    return false;
  }
}
