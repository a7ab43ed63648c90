package dev.holdfast.cli;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Makes a method of its own, the JDK's SHA-256 and its AES-GCM hot enough for the optimising
 * compiler, in a child JVM started by {@link LauncherJvmOptionsTest} with the launcher's compile
 * commands and {@code -XX:+PrintCompilation}; the test reads what was compiled, and by which
 * compiler.
 */
final class CompilerScopeProbe {
  private CompilerScopeProbe() {}

  public static void main(String[] args) throws Exception {
    MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
    Cipher aesGcm = Cipher.getInstance("AES/GCM/NoPadding");
    SecretKeySpec key = new SecretKeySpec(new byte[32], "AES");
    byte[] block = new byte[64 * 1024];
    long sum = 0;
    for (int i = 0; i < 400; i++) {
      sha256.update(block);
      byte[] nonce = ByteBuffer.allocate(12).putInt(i).array();
      aesGcm.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
      sum += aesGcm.doFinal(block).length;
    }
    // With the launcher's CompileThresholdScaling=2, about 10,000 calls make a method hot enough
    // for C2.
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
