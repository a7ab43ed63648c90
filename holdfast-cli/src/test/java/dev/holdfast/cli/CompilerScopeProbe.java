package dev.holdfast.cli;

import java.security.MessageDigest;

/**
 * Makes a method of its own and the JDK's SHA-256 hot enough for the optimising compiler, in a
 * child JVM started by {@link LauncherJvmOptionsTest} with the launcher's compile commands and
 * {@code -XX:+PrintCompilation}; the test reads what was compiled, and by which compiler.
 */
final class CompilerScopeProbe {
  private CompilerScopeProbe() {}

  public static void main(String[] args) throws Exception {
    MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
    byte[] block = new byte[64 * 1024];
    long sum = 0;
    for (int i = 0; i < 400; i++) {
      sha256.update(block);
    }
    for (int i = 0; i < 200_000; i++) {
      sum += mix(i);
    }
    System.out.println("probe done " + sum + " " + sha256.digest()[0]);
  }

  /** A method outside the packages the optimising compiler is kept to. */
  static long mix(long x) {
    long h = x * 0x9E3779B97F4A7C15L;
    return h ^ (h >>> 29);
  }
}
