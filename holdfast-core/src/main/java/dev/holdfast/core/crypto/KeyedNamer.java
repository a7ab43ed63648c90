package dev.holdfast.core.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import javax.crypto.Mac;

/**
 * Names from {@link MasterKey#keyedName} for one purpose, with the purpose's subkey derived once:
 * naming the reports of 200 application versions costs 200 MACs instead of 200 key derivations as
 * well. Refuses use once its master key is destroyed. Thread-safe.
 */
public final class KeyedNamer {
  private final MasterKey master;
  private final Mac mac;

  KeyedNamer(MasterKey master, Mac mac) {
    this.master = master;
    this.mac = mac;
  }

  /** The hex keyed name of {@code parts}, as {@link MasterKey#keyedName} gives it. */
  public synchronized String name(String... parts) {
    master.checkLive();
    for (String part : parts) {
      byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
      mac.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
      mac.update(bytes);
    }
    return HexFormat.of().formatHex(mac.doFinal());
  }

  @Override
  public String toString() {
    return "KeyedNamer";
  }
}
