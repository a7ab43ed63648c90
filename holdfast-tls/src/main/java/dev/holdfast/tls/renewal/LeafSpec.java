package dev.holdfast.tls.renewal;

import dev.holdfast.tls.InvalidRequestException;
import dev.holdfast.tls.TlsMaterialException;
import dev.holdfast.tls.ca.KeyAlgorithm;
import dev.holdfast.tls.ca.LeafRequest;
import dev.holdfast.tls.ca.Usage;
import dev.holdfast.tls.material.AtomicFiles;
import dev.holdfast.tls.material.AtomicFiles.Visibility;
import dev.holdfast.tls.material.KeyValues;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the certificate in a leaf folder should say and when it is renewed: the request and the
 * renewal policy, kept beside the certificate in {@code leaf.conf} so that later renewals, and the
 * status command, know them without being told again.
 */
public record LeafSpec(LeafRequest request, RenewalPolicy policy) {
  /** The file name in a leaf folder. */
  public static final String FILE = "leaf.conf";

  private static final long MAX_FILE_BYTES = 64 << 10;

  /** Requires both parts. */
  public LeafSpec {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(policy, "policy");
  }

  /** This spec with another renewal policy. */
  public LeafSpec withPolicy(RenewalPolicy newPolicy) {
    return new LeafSpec(request, newPolicy);
  }

  /** Whether {@code folder} holds a spec. */
  public static boolean existsIn(Path folder) {
    return Files.isRegularFile(folder.resolve(FILE));
  }

  /**
   * Reads the spec in {@code folder}.
   *
   * @throws dev.holdfast.tls.TlsStorageException when there is none
   * @throws TlsMaterialException when it is damaged
   */
  public static LeafSpec read(Path folder) {
    Path file = folder.resolve(FILE);
    return parse(AtomicFiles.read(file, MAX_FILE_BYTES, "leaf spec"), file.toString());
  }

  /** Writes the spec into {@code folder}, atomically. */
  public void write(Path folder) {
    AtomicFiles.write(folder.resolve(FILE), format(), Visibility.PUBLIC);
  }

  byte[] format() {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("name", request.commonName());
    values.put("dns", String.join(" ", request.dnsNames()));
    values.put("ip", String.join(" ", request.ipAddresses()));
    values.put("uri", String.join(" ", request.uris()));
    values.put("usage", request.usage().id());
    values.put("lifetime", request.lifetime().toString());
    values.put("key-algorithm", request.keyAlgorithm().id());
    values.put("renew-at", policy.format());
    values.put("renew-jitter", Double.toString(policy.jitter()));
    return KeyValues.format("Holdfast leaf certificate: what it names, when it renews", values);
  }

  static LeafSpec parse(byte[] bytes, String source) {
    Map<String, String> values = KeyValues.parse(bytes, source);
    try {
      LeafRequest request =
          new LeafRequest(
              KeyValues.require(values, "name", source),
              words(values.get("dns")),
              words(values.get("ip")),
              words(values.get("uri")),
              Usage.parse(KeyValues.require(values, "usage", source)),
              Duration.parse(KeyValues.require(values, "lifetime", source)),
              KeyAlgorithm.parse(KeyValues.require(values, "key-algorithm", source)));
      RenewalPolicy policy =
          RenewalPolicy.parse(KeyValues.require(values, "renew-at", source))
              .withJitter(Double.parseDouble(KeyValues.require(values, "renew-jitter", source)));
      return new LeafSpec(request, policy);
    } catch (InvalidRequestException | DateTimeParseException | NumberFormatException e) {
      throw new TlsMaterialException(source + ": " + e.getMessage(), e);
    }
  }

  private static List<String> words(String text) {
    return text == null || text.isBlank() ? List.of() : Arrays.asList(text.strip().split("\\s+"));
  }
}
