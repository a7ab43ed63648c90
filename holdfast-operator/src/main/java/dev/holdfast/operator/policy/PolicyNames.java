package dev.holdfast.operator.policy;

import dev.holdfast.operator.api.ObjectReference;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * The names and labels of what a policy creates. A name is derived from the policy, the claim and
 * the scheduled moment only, so a restarted operator (or two reconciliations racing) asks for the
 * same name and the API server's "already exists" keeps the work from being done twice.
 */
public final class PolicyNames {
  /** The label every Backup and Restore a policy creates carries: the policy's name. */
  public static final String POLICY_LABEL = "holdfast.dev/policy";

  /**
   * The label of a test restore and of its scratch claim (the policy's name), which no policy ever
   * selects for backup.
   */
  public static final String TEST_RESTORE_LABEL = "holdfast.dev/test-restore";

  /** The annotation holding the scheduled moment (RFC 3339) a Backup or Restore was created for. */
  public static final String SLOT_ANNOTATION = "holdfast.dev/slot";

  /** The annotation naming the claim ({@code namespace/name}) a test restore proves. */
  public static final String CLAIM_ANNOTATION = "holdfast.dev/claim";

  /** The longest policy name: it is a label value. */
  public static final int MAX_POLICY_NAME = 63;

  /** How much of the policy's name starts the names of its Backups. */
  private static final int PREFIX = 40;

  private PolicyNames() {}

  /** The Backup of {@code claim} for the moment {@code slot}: {@code <policy>-<hash>-<epoch>}. */
  public static String backup(String policy, ObjectReference claim, Instant slot) {
    return prefix(policy) + "-" + claimHash(policy, claim) + "-" + slot.getEpochSecond();
  }

  /** The test restore of {@code claim} for {@code slot}: {@code <policy>-<hash>-t<epoch>}. */
  public static String testRestore(String policy, ObjectReference claim, Instant slot) {
    return prefix(policy) + "-" + claimHash(policy, claim) + "-t" + slot.getEpochSecond();
  }

  /**
   * The scratch claim a test restore of {@code claim} writes into, in the claim's namespace: {@code
   * <claim>-hf-test-<epoch>}.
   */
  public static String scratchClaim(ObjectReference claim, Instant slot) {
    String suffix = "-hf-test-" + slot.getEpochSecond();
    return trim(claim.name(), 253 - suffix.length()) + suffix;
  }

  /** Ten hex digits of SHA-256 over the policy's name and the claim. */
  static String claimHash(String policy, ObjectReference claim) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest((policy + "\n" + claim).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 5);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  private static String prefix(String policy) {
    return trim(policy, PREFIX);
  }

  /** {@code name} cut to {@code length}, ending in a letter or digit as object names must. */
  private static String trim(String name, int length) {
    String cut = name.length() <= length ? name : name.substring(0, length);
    int end = cut.length();
    while (end > 1 && !Character.isLetterOrDigit(cut.charAt(end - 1))) {
      end--;
    }
    return cut.substring(0, end);
  }
}
