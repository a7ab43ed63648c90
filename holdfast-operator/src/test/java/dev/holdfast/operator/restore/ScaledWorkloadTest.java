package dev.holdfast.operator.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.holdfast.core.UsageError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ScaledWorkloadTest {
  @Test
  void theStatusFormReadsBackToTheSameWorkload() {
    ScaledWorkload web = new ScaledWorkload("Deployment", "web-frontend", 3);

    assertThat(web.toString()).isEqualTo("Deployment/web-frontend=3");
    assertThat(ScaledWorkload.parse(web.toString())).isEqualTo(web);
    assertThat(ScaledWorkload.parse("StatefulSet/db=0"))
        .isEqualTo(new ScaledWorkload("StatefulSet", "db", 0));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "web=2",
        "Deployment/=2",
        "Deployment/web",
        "Deployment/web=x",
        "Deployment/web=-1",
        "DaemonSet/agent=1"
      })
  void anEditedStatusEntryIsRefusedNamingIt(String text) {
    assertThatThrownBy(() -> ScaledWorkload.parse(text))
        .isInstanceOf(UsageError.class)
        .hasMessageStartingWith("status.scaledWorkloads: '" + text + "' is not KIND/NAME=REPLICAS");
  }
}
