package dev.holdfast.server.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.holdfast.core.UsageError;
import dev.holdfast.server.protocol.RepositoryName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RemoteStoreLocationTest {
  @Test
  void aServerLocationNamesHostPortAndRepository() {
    RemoteStoreLocation location = RemoteStoreLocation.parse("https://Backup.Example:8443/main");

    assertThat(location)
        .isEqualTo(new RemoteStoreLocation("backup.example", 8443, new RepositoryName("main")));
    assertThat(location).hasToString("https://backup.example:8443/main");
    assertThat(RemoteStoreLocation.parse("https://10.0.0.1:8443/main/").port()).isEqualTo(8443);
    assertThat(RemoteStoreLocation.parse("https://[::1]:8443/main").host()).isEqualTo("[::1]");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "http://host:8443/main | not a repository server location",
        "s3:bucket/main | not a repository server location",
        "https://host/main | give the server's port",
        "https://host:8443/ | expected one repository name",
        "https://host:8443/a/b | expected one repository name",
        "https://host:8443/Main | expected one repository name",
        "https://host:8443/main?x=1 | queries and fragments",
        "https://host:99999/main | port 99999 is not 1..65535",
        "https://:8443/main | the host is missing"
      })
  void malformedLocationsAreRefusedSayingWhy(String text, String why) {
    assertThatThrownBy(() -> RemoteStoreLocation.parse(text))
        .isInstanceOf(UsageError.class)
        .hasMessageContaining(why);
  }

  @Test
  void credentialsAreRefusedWithoutBeingEchoed() {
    assertThatThrownBy(() -> RemoteStoreLocation.parse("https://user:s3cret@host:8443/main"))
        .isInstanceOf(UsageError.class)
        .hasMessageContaining("must not contain credentials")
        .hasMessageNotContaining("s3cret");
  }
}
