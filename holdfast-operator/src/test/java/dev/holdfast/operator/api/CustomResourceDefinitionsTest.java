package dev.holdfast.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.holdfast.operator.testing.KubeTestCluster;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The CRDs generated from the Java classes are what a cluster needs to validate and show them. */
class CustomResourceDefinitionsTest {
  static List<CustomResourceDefinition> definitions() {
    return KubeTestCluster.generatedDefinitions();
  }

  @ParameterizedTest
  @MethodSource("definitions")
  void eachIsNamespacedWithAStatusSubresourceAndPrinterColumns(CustomResourceDefinition crd) {
    assertThat(crd.getSpec().getGroup()).isEqualTo("holdfast.dev");
    assertThat(crd.getSpec().getScope()).isEqualTo("Namespaced");
    CustomResourceDefinitionVersion version = crd.getSpec().getVersions().get(0);
    assertThat(version.getName()).isEqualTo("v1alpha1");
    assertThat(version.getSubresources().getStatus()).isNotNull();
    assertThat(version.getAdditionalPrinterColumns())
        .extracting(c -> c.getName())
        .contains("Age")
        .hasSizeGreaterThan(2);
    assertThat(crd.getSpec().getNames().getShortNames())
        .singleElement()
        .asString()
        .startsWith("hf");
  }

  @ParameterizedTest
  @MethodSource("definitions")
  void eachSpecNamesItsRequiredFieldsSoAdmissionRefusesIncompleteOnes(
      CustomResourceDefinition crd) {
    JSONSchemaProps spec = spec(crd);
    assertThat(spec.getRequired()).isNotEmpty();
    assertThat(spec.getRequired())
        .allSatisfy(field -> assertThat(spec.getProperties()).containsKey(field));
  }

  @org.junit.jupiter.api.Test
  void namesAndChoicesAreConstrainedByPatterns() {
    Map<String, CustomResourceDefinition> byPlural =
        definitions().stream()
            .collect(
                java.util.stream.Collectors.toMap(c -> c.getSpec().getNames().getPlural(), c -> c));
    JSONSchemaProps policy = spec(byPlural.get("backuppolicies"));
    assertThat(policy.getProperties().get("consistency").getPattern())
        .isEqualTo("^(auto|snapshot|live)$");
    assertThat(policy.getProperties().get("schedule").getPattern()).contains("daily");
    JSONSchemaProps restore = spec(byPlural.get("restores"));
    assertThat(restore.getProperties().get("source").getXKubernetesValidations())
        .singleElement()
        .satisfies(rule -> assertThat(rule.getMessage()).contains("exactly one"));
    JSONSchemaProps lock =
        spec(byPlural.get("backuprepositories")).getProperties().get("objectLock");
    assertThat(lock.getProperties().get("days").getMinimum()).isEqualTo(1.0);
  }

  private static JSONSchemaProps spec(CustomResourceDefinition crd) {
    return crd.getSpec()
        .getVersions()
        .get(0)
        .getSchema()
        .getOpenAPIV3Schema()
        .getProperties()
        .get("spec");
  }
}
