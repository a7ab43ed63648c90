package dev.holdfast.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.holdfast.core.UsageError;
import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class S3LocationTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "s3:https://minio.example:9000/backups/prod/db | https://minio.example:9000 | backups | prod/db",
        "s3:https://minio.example/backups             | https://minio.example      | backups | ''",
        "s3:https://minio.example/backups/            | https://minio.example      | backups | ''",
        "s3:https://MinIO.Example/backups/a/          | https://minio.example      | backups | a",
        "s3:HTTP://127.0.0.1:9000/b-1/x               | http://127.0.0.1:9000      | b-1     | x",
        "s3:https://[::1]:8443/bucket.with.dots/p     | https://[::1]:8443         | bucket.with.dots | p",
      })
  void endpointFormsAreParsed(String text, String endpoint, String bucket, String prefix) {
    S3Location location = S3Location.parse(text);

    assertThat(location.endpoint()).contains(URI.create(endpoint));
    assertThat(location.bucket()).isEqualTo(bucket);
    assertThat(location.prefix()).isEqualTo(prefix);
    assertThat(S3Location.parse(location.toString())).isEqualTo(location);
  }

  @Test
  void awsFormHasNoEndpoint() {
    S3Location location = S3Location.parse("s3:my-backups/team/app");

    assertThat(location).isEqualTo(new S3Location(Optional.empty(), "my-backups", "team/app"));
    assertThat(location.toString()).isEqualTo("s3:my-backups/team/app");
    assertThat(location.insecure()).isFalse();
    assertThat(S3Location.parse("s3:my-backups").prefix()).isEmpty();
  }

  @Test
  void keysArePrefixedPaths() {
    S3Location nested = S3Location.parse("s3:https://h/bkt/one/two");
    S3Location root = S3Location.parse("s3:https://h/bkt");

    assertThat(nested.key("data/ab/ab12")).isEqualTo("one/two/data/ab/ab12");
    assertThat(nested.rootKey()).isEqualTo("one/two/");
    assertThat(root.key("config")).isEqualTo("config");
    assertThat(root.rootKey()).isEmpty();
  }

  @Test
  void onlyPlainHttpIsInsecure() {
    assertThat(S3Location.parse("s3:http://h/bucket").insecure()).isTrue();
    assertThat(S3Location.parse("s3:https://h/bucket").insecure()).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "s3:                                | bucket name is missing",
        "s3:https://host                    | bucket name is missing",
        "s3:https://host/                   | bucket name is missing",
        "s3:https:///bucket                 | has no host",
        "s3:https://host:/bucket            | bad port ''",
        "s3:https://host:http/bucket        | bad port 'http'",
        "s3:https://host:70000/bucket       | port 70000 is not 1..65535",
        "s3:https://host:0/bucket           | port 0 is not 1..65535",
        "s3:https://host/bucket?versionId=1 | query strings",
        "s3:https://host/bucket#frag        | query strings",
        "s3:https://host/Bucket             | not a valid bucket name",
        "s3:https://host/ab                 | not a valid bucket name",
        "s3:bucket_underscore               | not a valid bucket name",
        "s3:https://host/bucket/a//b        | empty, '.' or '..' parts",
        "s3:https://host/bucket/../other    | empty, '.' or '..' parts",
        "s3:https://host/bucket/a b         | spaces",
        "s3:https://ho_st/bucket            | malformed host name",
        "s3:ftp://host/bucket               | must be http:// or https://",
        "s3:https://[::1/bucket             | malformed IPv6",
        "s3:https://host/bucket/semi;colon  | the prefix may hold only",
        "/tmp/repo                          | must start with s3:",
      })
  void malformedLocationsAreUsageErrors(String text, String expected) {
    assertThatThrownBy(() -> S3Location.parse(text))
        .isInstanceOf(UsageError.class)
        .hasMessageContaining(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "s3:https://AKIAEXAMPLE:wJalrXUtnFEMI@host/bucket",
    "s3:https://alice@host/bucket",
    "s3:AKIAEXAMPLE:wJalrXUtnFEMI@bucket/prefix",
  })
  void credentialsInTheUrlAreRefusedWithoutBeingRepeated(String text) {
    assertThatThrownBy(() -> S3Location.parse(text))
        .isInstanceOf(UsageError.class)
        .hasMessageContaining("must not contain credentials")
        .hasMessageNotContaining("wJalrXUtnFEMI")
        .hasMessageNotContaining("AKIAEXAMPLE")
        .hasMessageNotContaining("alice");
  }
}
