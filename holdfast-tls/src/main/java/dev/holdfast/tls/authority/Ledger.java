package dev.holdfast.tls.authority;

import dev.holdfast.tls.TlsMaterialException;
import dev.holdfast.tls.ca.Revocation;
import dev.holdfast.tls.ca.RevocationReason;
import dev.holdfast.tls.material.SerialNumber;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The text of the {@code issued} and {@code revoked} files: one leaf per line, fields separated by
 * spaces, the subject last (it may hold spaces).
 */
final class Ledger {
  private Ledger() {}

  static List<IssuedLeaf> parseIssued(byte[] bytes, String source) {
    List<IssuedLeaf> leaves = new ArrayList<>();
    List<String[]> rows = rows(bytes, 4, source);
    for (int i = 0; i < rows.size(); i++) {
      String[] f = rows.get(i);
      try {
        leaves.add(
            new IssuedLeaf(
                Integer.parseInt(f[0]), SerialNumber.parse(f[1]), Instant.parse(f[2]), f[3]));
      } catch (RuntimeException e) {
        throw damaged(source, i, e);
      }
    }
    return leaves;
  }

  static byte[] formatIssued(List<IssuedLeaf> leaves) {
    StringBuilder text = new StringBuilder("# generation serial not-after subject\n");
    for (IssuedLeaf leaf : leaves) {
      text.append(leaf.generation()).append(' ').append(leaf.serial()).append(' ');
      text.append(leaf.notAfter()).append(' ').append(leaf.subject()).append('\n');
    }
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }

  static List<RevokedLeaf> parseRevoked(byte[] bytes, String source) {
    List<RevokedLeaf> leaves = new ArrayList<>();
    List<String[]> rows = rows(bytes, 5, source);
    for (int i = 0; i < rows.size(); i++) {
      String[] f = rows.get(i);
      try {
        Revocation revocation =
            new Revocation(
                SerialNumber.parse(f[1]), RevocationReason.parse(f[2]), Instant.parse(f[3]));
        leaves.add(new RevokedLeaf(Integer.parseInt(f[0]), revocation, Instant.parse(f[4])));
      } catch (RuntimeException e) {
        throw damaged(source, i, e);
      }
    }
    return leaves;
  }

  static byte[] formatRevoked(List<RevokedLeaf> leaves) {
    StringBuilder text = new StringBuilder("# generation serial reason revoked-at not-after\n");
    for (RevokedLeaf leaf : leaves) {
      Revocation r = leaf.revocation();
      text.append(leaf.generation()).append(' ').append(r.serial()).append(' ');
      text.append(r.reason().id()).append(' ').append(r.revokedAt()).append(' ');
      text.append(leaf.notAfter()).append('\n');
    }
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static List<String[]> rows(byte[] bytes, int fields, String source) {
    List<String[]> rows = new ArrayList<>();
    String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\n", -1);
    for (String line : lines) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] row = line.strip().split(" ", fields);
      if (row.length != fields) {
        throw new TlsMaterialException(
            source + ": a damaged line, expected " + fields + " fields: '" + line.strip() + "'");
      }
      rows.add(row);
    }
    return rows;
  }

  private static TlsMaterialException damaged(String source, int row, RuntimeException e) {
    String reason = e instanceof DateTimeParseException ? "a bad time" : e.getMessage();
    return new TlsMaterialException(
        source + ": entry " + (row + 1) + " is damaged (" + reason + ")", e);
  }
}
