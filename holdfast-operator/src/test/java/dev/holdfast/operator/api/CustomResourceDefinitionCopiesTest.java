package dev.holdfast.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.holdfast.operator.testing.KubeTestCluster;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The CRDs shipped in the Helm chart and the plain manifests are the ones the build generates from
 * the Java classes, byte for byte; when a class changes, deploy/refresh-crds.sh refreshes them.
 */
class CustomResourceDefinitionCopiesTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final String HINT = " is stale: run deploy/refresh-crds.sh";

  static final java.util.List<String> PLURALS = KubeTestCluster.PLURALS;

  @ParameterizedTest
  @FieldSource("PLURALS")
  void theChartShipsTheGeneratedDefinition(String plural) throws IOException {
    Path copy = ROOT.resolve("charts/holdfast/crds/" + plural + ".holdfast.dev.yaml");
    assertThat(Files.readString(copy)).as(copy + HINT).isEqualTo(generated(plural));
  }

  @Test
  void thePlainManifestsShipEveryGeneratedDefinition() throws IOException {
    Path copy = ROOT.resolve("deploy/kubernetes/crds.yaml");
    String all = Files.readString(copy);
    StringBuilder expected = new StringBuilder();
    for (String plural : PLURALS.stream().sorted().toList()) {
      expected.append("---\n").append(generated(plural));
    }
    assertThat(all).as(copy + HINT).isEqualTo(expected.toString());
  }

  private static String generated(String plural) throws IOException {
    String resource = "META-INF/fabric8/" + plural + ".holdfast.dev-v1.yml";
    try (InputStream in =
        CustomResourceDefinitionCopiesTest.class.getClassLoader().getResourceAsStream(resource)) {
      assertThat(in).as(resource).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
