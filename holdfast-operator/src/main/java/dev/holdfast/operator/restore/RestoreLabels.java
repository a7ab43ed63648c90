package dev.holdfast.operator.restore;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * The labels a restore puts on what it creates (the helper pod, a new claim), and the names of
 * those objects: a Restore's name may be 253 characters, a label value or pod name here at most 63,
 * so long names are cut and made unique again with a short hash.
 */
public final class RestoreLabels {
  /** The Restore (its name, fitted into a label value) an object belongs to. */
  public static final String RESTORE = "holdfast.dev/restore";

  /** The uid of the Restore an object belongs to: names can repeat across namespaces, uids not. */
  public static final String RESTORE_UID = "holdfast.dev/restore-uid";

  private static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  private static final int MAX = 63;
  private static final String HELPER_PREFIX = "holdfast-restore-";

  private RestoreLabels() {}

  /** The labels of everything made for the Restore {@code name} with {@code uid}. */
  public static Map<String, String> of(String name, String uid) {
    return uid == null
        ? Map.of(RESTORE, fit(name), MANAGED_BY, "holdfast")
        : Map.of(RESTORE, fit(name), RESTORE_UID, uid, MANAGED_BY, "holdfast");
  }

  /** The name of the helper pod of the Restore {@code name}. */
  public static String helperPodName(String name) {
    return fit(HELPER_PREFIX + name);
  }

  /** {@code text} if it has at most 63 characters, else cut and suffixed with a short hash. */
  static String fit(String text) {
    if (text.length() <= MAX) {
      return text;
    }
    String hash = HexFormat.of().formatHex(sha256(text)).substring(0, 10);
    String head = text.substring(0, MAX - hash.length() - 1);
    while (!head.isEmpty() && !Character.isLetterOrDigit(head.charAt(head.length() - 1))) {
      head = head.substring(0, head.length() - 1);
    }
    return head + "-" + hash;
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
