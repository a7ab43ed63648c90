package dev.holdfast.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.holdfast.core.UsageError;
import dev.holdfast.s3.S3Credentials;
import dev.holdfast.s3.S3Options;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The S3 flags and their environment variables: flags win, contradictions are usage errors. */
class StorageOptionsTest {
  @TempDir Path tmp;

  private static StorageOptions withEnv(Map<String, String> env) {
    return new StorageOptions(env::get);
  }

  @Test
  void withNothingGivenTheDefaultsAndTheAwsChainApply() {
    S3Options options = withEnv(Map.of()).s3();

    assertThat(options).isEqualTo(S3Options.defaults());
    assertThat(options.credentials()).isEqualTo(S3Credentials.defaultChain());
  }

  @Test
  void environmentVariablesAreUsedAndFlagsWin() throws Exception {
    Path ca = Files.writeString(tmp.resolve("ca.pem"), "");
    StorageOptions options =
        withEnv(
            Map.of(
                "HOLDFAST_S3_REGION", "eu-west-3",
                "HOLDFAST_S3_PATH_STYLE", "true",
                "HOLDFAST_CA_CERT", ca.toString(),
                "HOLDFAST_S3_INSECURE_HTTP", "true",
                "HOLDFAST_S3_MAX_CONNECTIONS", "4",
                "HOLDFAST_S3_ACCESS_KEY_ID", "AKIDENV",
                "HOLDFAST_S3_SECRET_ACCESS_KEY", "env-secret"));

    S3Options fromEnv = options.s3();
    assertThat(fromEnv.region()).contains("eu-west-3");
    assertThat(fromEnv.addressing()).isEqualTo(S3Options.Addressing.PATH_STYLE);
    assertThat(fromEnv.caBundle()).contains(ca);
    assertThat(fromEnv.insecureHttp()).isTrue();
    assertThat(fromEnv.maxConnections()).isEqualTo(4);
    assertThat(fromEnv.credentials()).isEqualTo(S3Credentials.accessKey("AKIDENV", "env-secret"));

    options.region = "us-west-2";
    options.virtualHost = true;
    options.maxConnections = 32;
    options.accessKeyId = "AKIDFLAG";
    options.secretAccessKeyFile = CliRepo.passwordFile(tmp, "secret", "file-secret");
    S3Options fromFlags = options.s3();
    assertThat(fromFlags.region()).contains("us-west-2");
    assertThat(fromFlags.addressing()).isEqualTo(S3Options.Addressing.VIRTUAL_HOST);
    assertThat(fromFlags.maxConnections()).isEqualTo(32);
    assertThat(fromFlags.credentials())
        .isEqualTo(S3Credentials.accessKey("AKIDFLAG", "file-secret"));
  }

  @Test
  void contradictionsAndMalformedValuesAreUsageErrors() {
    StorageOptions both = withEnv(Map.of());
    both.pathStyle = true;
    both.virtualHost = true;
    assertThatThrownBy(both::s3).isInstanceOf(UsageError.class).hasMessageContaining("contradict");

    assertThatThrownBy(() -> withEnv(Map.of("HOLDFAST_S3_PATH_STYLE", "maybe")).s3())
        .isInstanceOf(UsageError.class)
        .hasMessageContaining("true or false");
    assertThatThrownBy(() -> withEnv(Map.of("HOLDFAST_S3_MAX_CONNECTIONS", "many")).s3())
        .isInstanceOf(UsageError.class)
        .hasMessageContaining("must be a number");
    StorageOptions none = withEnv(Map.of());
    none.maxConnections = 0;
    assertThatThrownBy(none::s3).isInstanceOf(UsageError.class).hasMessageContaining("1..1024");
  }

  @Test
  void anAccessKeyNeedsBothHalvesAndTheMessageNeverShowsTheSecret() {
    assertThatThrownBy(() -> withEnv(Map.of("HOLDFAST_S3_ACCESS_KEY_ID", "AKIDONLY")).s3())
        .isInstanceOf(UsageError.class)
        .hasMessageContaining("AKIDONLY has no secret");
    assertThatThrownBy(() -> withEnv(Map.of("HOLDFAST_S3_SECRET_ACCESS_KEY", "lonely-secret")).s3())
        .isInstanceOf(UsageError.class)
        .hasMessageContaining("without its id")
        .hasMessageNotContaining("lonely-secret");
    assertThat(S3Credentials.accessKey("AKID", "top-secret").toString())
        .contains("AKID")
        .doesNotContain("top-secret");
  }
}
