package dev.holdfast.sast.finding;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class FingerprintTest {
  private static final SortedMap<String, String> NONE = new TreeMap<>();

  @Test
  void fingerprintsWinWithTheSmallestKey() {
    Fingerprint chosen =
        Fingerprint.choose(
            map("zeta/v1", "z", "alpha/v2", "a"),
            map("primaryLocationLineHash", "p"),
            "R1",
            "",
            "");

    assertThat(chosen).isEqualTo(new Fingerprint(Fingerprint.Source.FINGERPRINTS, "alpha/v2=a"));
  }

  @Test
  void partialFingerprintsAreAllUsedInKeyOrderWhenThereAreNoFingerprints() {
    Fingerprint chosen =
        Fingerprint.choose(NONE, map("b", "2", "a", "1"), "R1", "src/A.java", "snippet:x");

    assertThat(chosen)
        .isEqualTo(new Fingerprint(Fingerprint.Source.PARTIAL_FINGERPRINTS, "a=1,b=2"));
  }

  @Test
  void computedFingerprintIsTheDocumentedSha256() throws Exception {
    String expected =
        HexFormat.of()
            .formatHex(
                MessageDigest.getInstance("SHA-256")
                    .digest(
                        "holdfast-sast-fingerprint-v1\nCWE-89\nsrc/Db.java\nsnippet:q = a + b;"
                            .getBytes(StandardCharsets.UTF_8)));

    Fingerprint chosen =
        Fingerprint.choose(
            NONE,
            NONE,
            "CWE-89",
            "file://src/Db.java",
            Fingerprint.snippetAnchor(" q  =\ta + b;\n"));

    assertThat(chosen)
        .isEqualTo(new Fingerprint(Fingerprint.Source.COMPUTED, "sha256:" + expected));
  }

  @Test
  void computedFingerprintDoesNotDependOnPathSpellingOrSnippetWhitespace() {
    Fingerprint a =
        Fingerprint.computed("R", "file:./src\\A.java", Fingerprint.snippetAnchor("x  y"));
    Fingerprint b = Fingerprint.computed("R", "src/A.java", Fingerprint.snippetAnchor(" x y\n"));

    assertThat(a).isEqualTo(b);
  }

  @Test
  void computedFingerprintChangesWithRulePathOrAnchor() {
    String anchor = Fingerprint.regionAnchor(3, 1, 3, 9);
    Fingerprint base = Fingerprint.computed("R", "a.py", anchor);

    assertThat(Fingerprint.computed("S", "a.py", anchor)).isNotEqualTo(base);
    assertThat(Fingerprint.computed("R", "b.py", anchor)).isNotEqualTo(base);
    assertThat(Fingerprint.computed("R", "a.py", Fingerprint.regionAnchor(4, 1, 4, 9)))
        .isNotEqualTo(base);
    assertThat(Fingerprint.computed("R", "a.py", anchor)).isEqualTo(base);
  }

  private static SortedMap<String, String> map(String... keysAndValues) {
    SortedMap<String, String> map = new TreeMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }
}
