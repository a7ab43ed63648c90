package dev.holdfast.server;

import static dev.holdfast.server.testing.TestServer.ADMIN;
import static dev.holdfast.server.testing.TestServer.MAIN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.holdfast.core.storage.BlobKind;
import dev.holdfast.core.storage.BlobName;
import dev.holdfast.server.testing.RawHttps;
import dev.holdfast.server.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every part of a request is hostile: paths that try to leave the repository, malformed names,
 * methods and headers the protocol does not have, bodies without a length or too large. Each is
 * refused with a 4xx before storage is touched, and nothing outside the repository is ever served.
 */
class HostileRequestTest {
  private static final String SECRET = "the contents of a file next to the repository";

  @TempDir static Path tmp;

  private static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start(tmp.resolve("server"));
    Files.writeString(tmp.resolve("server").resolve("secret"), SECRET);
    Files.writeString(tmp.resolve("server").resolve("main").resolve("secret"), SECRET);
    server.store(MAIN).putIfAbsent(BlobName.CONFIG, "config".getBytes(StandardCharsets.UTF_8));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "/main/../secret",
        "/main/secret",
        "/main/data/../../secret",
        "/main/data/..%2f..%2fsecret",
        "/main/data/%2e%2e/%2e%2e/secret",
        "/main/%2e%2e/secret",
        "/main/data/..\\..\\secret",
        "/main/config/../secret",
        "/../secret",
        "//main/config",
        "/main//config",
        "/main/data/ABCD",
        "/main/data/abc",
        "/main/data/zz",
        "/main/data/a",
        "/main/data/00/0011",
        "/main/data/0011/",
        "/main/data/0011%00",
        "/main/tmp/0011",
        "/main/config/x",
        "/main/retention/data/",
        "/Main/config",
        "/main%2fconfig",
        "/main/config?x=1",
        "/main/config#x",
        "*",
        "https://127.0.0.1/main/../secret"
      })
  void malformedPathsAreRefusedAndServeNothingOutside(String target) throws Exception {
    RawHttps.Answer answer;
    try (RawHttps http = server.connect(ADMIN)) {
      answer = http.exchange("GET", target, null);
    }

    assertThat(answer.status()).as("status for %s: %s", target, answer.text()).isIn(400, 404);
    assertThat(answer.text()).doesNotContain(SECRET);
  }

  /**
   * Over the server's 8 KiB limit but within one TLS record (16 KiB), so that the whole request is
   * written before the server answers and closes: a longer one could meet the closed connection
   * half-way ("Broken pipe") instead of the answer.
   */
  @Test
  void anOverlongRequestIsRefusedBeforeItIsRouted() throws Exception {
    try (RawHttps http = server.connect(ADMIN)) {
      RawHttps.Answer answer =
          http.exchange("GET", "/main/config", null, "X-Padding: " + "a".repeat(12 * 1024));

      assertThat(answer.status()).isEqualTo(431);
    }
    try (RawHttps http = server.connect(ADMIN)) {
      assertThat(http.exchange("GET", "/main/data/" + "a".repeat(12 * 1024), null).status())
          .isIn(400, 414);
    }
  }

  @Test
  void aValidPathIsServed() throws Exception {
    try (RawHttps http = server.connect(ADMIN)) {
      RawHttps.Answer answer = http.exchange("GET", "/main/config", null);

      assertThat(answer.status()).isEqualTo(200);
      assertThat(answer.text()).isEqualTo("config");
    }
  }

  @Test
  void aPutWithoutIfNoneMatchIsRefusedAndStoresNothing() throws Exception {
    String path = "/main/snapshots/" + "aa".repeat(32);
    try (RawHttps http = server.connect(ADMIN)) {
      RawHttps.Answer answer = http.exchange("PUT", path, new byte[] {1, 2, 3});

      assertThat(answer.status()).isEqualTo(428);
      assertThat(answer.headers()).containsEntry("holdfast-error", "precondition-required");
    }
    assertThat(server.store(MAIN).list(BlobKind.SNAPSHOT)).isEmpty();
  }

  @Test
  void aPutWithoutLengthIsRefused() throws Exception {
    String path = "/main/snapshots/" + "bb".repeat(32);
    byte[] chunked = "3\r\nabc\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    try (RawHttps http = server.connect(ADMIN)) {
      RawHttps.Answer answer =
          http.exchange("PUT", path, chunked, "If-None-Match: *", "Transfer-Encoding: chunked");

      assertThat(answer.status()).isEqualTo(411);
    }
    assertThat(server.store(MAIN).list(BlobKind.SNAPSHOT)).isEmpty();
  }

  @Test
  void aPutLargerThanTheLimitIsRefusedBeforeItsBodyIsRead() throws Exception {
    String path = "/main/data/" + "cc".repeat(32);
    long tooLarge = ServerLimits.defaults().maxBlobBytes() + 1L;
    try (RawHttps http = server.connect(ADMIN)) {
      // Only the headers are sent: the answer must come without waiting for the body.
      RawHttps.Answer answer =
          http.exchange(
              "PUT",
              path,
              new byte[0],
              "If-None-Match: *",
              "Content-Length: " + tooLarge,
              "Expect: 100-continue");

      assertThat(answer.status()).isEqualTo(413);
      assertThat(answer.text()).contains("more than this server stores");
    }
    assertThat(server.store(MAIN).list(BlobKind.PACK)).isEmpty();
  }

  @Test
  void aPutOfAnExistingNameIs412AndKeepsTheBytes() throws Exception {
    try (RawHttps http = server.connect(ADMIN)) {
      RawHttps.Answer answer =
          http.exchange("PUT", "/main/config", new byte[] {9}, "If-None-Match: *");

      assertThat(answer.status()).isEqualTo(412);
    }
    assertThat(server.store(MAIN).get(BlobName.CONFIG))
        .isEqualTo("config".getBytes(StandardCharsets.UTF_8));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "bytes=0-1,3-4",
        "bytes=-5",
        "bytes=5-",
        "bytes=5-2",
        "items=0-1",
        "bytes=99999999999999999999-1"
      })
  void rangesOutsideTheProtocolAreRefused(String range) throws Exception {
    try (RawHttps http = server.connect(ADMIN)) {
      RawHttps.Answer answer = http.exchange("GET", "/main/config", null, "Range: " + range);

      assertThat(answer.status()).as(answer.text()).isEqualTo(400);
    }
  }

  @Test
  void aRangeBeyondTheEndIs416NamingTheSize() throws Exception {
    try (RawHttps http = server.connect(ADMIN)) {
      RawHttps.Answer answer = http.exchange("GET", "/main/config", null, "Range: bytes=6-9");

      assertThat(answer.status()).isEqualTo(416);
      assertThat(answer.headers()).containsEntry("content-range", "bytes */6");
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"POST", "PATCH", "OPTIONS", "TRACE"})
  void methodsOutsideTheProtocolAre405(String method) throws Exception {
    try (RawHttps http = server.connect(ADMIN)) {
      RawHttps.Answer answer = http.exchange(method, "/main/config", null);

      assertThat(answer.status()).isEqualTo(405);
    }
  }

  @Test
  void aRetentionTheStorageCannotKeepIs501AndStoresNothing() throws Exception {
    String path = "/main/snapshots/" + "dd".repeat(32);
    try (RawHttps http = server.connect(ADMIN)) {
      RawHttps.Answer answer =
          http.exchange(
              "PUT",
              path,
              new byte[] {1},
              "If-None-Match: *",
              "Holdfast-Retention: compliance P30D");
      RawHttps.Answer malformed =
          http.exchange(
              "PUT", path, new byte[] {1}, "If-None-Match: *", "Holdfast-Retention: forever");

      assertThat(answer.status()).isEqualTo(501);
      assertThat(malformed.status()).isEqualTo(400);
    }
    assertThat(server.store(MAIN).list(BlobKind.SNAPSHOT)).isEmpty();
  }
}
