package dev.holdfast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.holdfast.operator.OperatorSettings;
import dev.holdfast.operator.testing.KubeTestCluster;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The plain manifests and the chart say what the code does: every container's arguments parse as
 * the real {@code holdfast} command line, and every metric the alerts and the dashboard use is one
 * the operator registers.
 */
class DeployManifestsTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  @Test
  void everyContainerOfThePlainManifestsRunsAValidHoldfastCommandLine() throws IOException {
    List<HasMetadata> objects = plainManifests();
    List<Container> containers = new ArrayList<>();
    for (HasMetadata object : objects) {
      PodSpec pod =
          object instanceof Deployment d
              ? d.getSpec().getTemplate().getSpec()
              : object instanceof DaemonSet s ? s.getSpec().getTemplate().getSpec() : null;
      if (pod != null) {
        containers.addAll(pod.getContainers());
      }
    }
    assertThat(containers).extracting(Container::getName).contains("operator", "agent", "server");
    for (Container container : containers) {
      String[] args =
          container.getArgs().stream()
              .map(a -> a.replaceAll("\\$\\(([A-Z_]+)\\)", "value-of-$1"))
              .toArray(String[]::new);
      CommandLine cli = new CommandLine(Main.class);
      CommandLine.ParseResult parsed = cli.parseArgs(args);
      assertThat(parsed.subcommand())
          .as(container.getName() + " runs a holdfast command")
          .isNotNull();
    }
  }

  @Test
  void everyMetricTheAlertsAndTheDashboardUseIsOneTheOperatorExports() throws IOException {
    Set<String> used = new TreeSet<>();
    for (String file :
        List.of(
            "charts/holdfast/templates/monitoring.yaml",
            "charts/holdfast/dashboards/holdfast.json")) {
      Matcher m = Pattern.compile("holdfast_[a-z_]+").matcher(Files.readString(ROOT.resolve(file)));
      while (m.find()) {
        used.add(m.group().replaceAll("_(bucket|count|sum)$", ""));
      }
    }
    Set<String> exported;
    try (KubeTestCluster cluster = KubeTestCluster.start()) {
      exported =
          cluster.startOperator(OperatorSettings.defaults()).metrics().registry().scrape().stream()
              .map(MetricSnapshot::getMetadata)
              .flatMap(
                  meta ->
                      java.util.stream.Stream.of(
                          meta.getPrometheusName(), meta.getPrometheusName() + "_total"))
              .collect(Collectors.toSet());
    }
    assertThat(used).isNotEmpty();
    assertThat(exported).containsAll(used);
  }

  private static List<HasMetadata> plainManifests() throws IOException {
    String yaml = Files.readString(ROOT.resolve("deploy/kubernetes/holdfast.yaml"));
    Object parsed = Serialization.unmarshal(yaml);
    if (parsed instanceof KubernetesList list) {
      return list.getItems();
    }
    @SuppressWarnings("unchecked")
    List<HasMetadata> items = (List<HasMetadata>) parsed;
    return items;
  }
}
