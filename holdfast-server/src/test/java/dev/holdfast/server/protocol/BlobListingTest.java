package dev.holdfast.server.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.holdfast.core.storage.BlobInfo;
import dev.holdfast.core.storage.BlobKind;
import dev.holdfast.core.storage.BlobName;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BlobListingTest {
  @Test
  void aListingReadsBackAsWritten() throws Exception {
    List<BlobInfo> blobs =
        List.of(
            new BlobInfo(
                new BlobName(BlobKind.INDEX, "ab12"),
                7,
                Instant.parse("2025-01-02T03:04:05.123456789Z")),
            new BlobInfo(new BlobName(BlobKind.INDEX, "cd34"), 0));
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    BlobListing.write(blobs, out);

    assertThat(BlobListing.read(new ByteArrayInputStream(out.toByteArray()), BlobKind.INDEX))
        .isEqualTo(blobs);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "[]",
        "{\"other\":[]}",
        "{\"blobs\":[{\"name\":\"../../etc\",\"size\":1}]}",
        "{\"blobs\":[{\"name\":\"AB12\",\"size\":1}]}",
        "{\"blobs\":[{\"name\":\"ab12\",\"size\":-1}]}",
        "{\"blobs\":[{\"name\":\"ab12\"}]}",
        "{\"blobs\":[{\"name\":\"ab12\",\"size\":\"1\"}]}",
        "{\"blobs\":[{\"name\":\"ab12\",\"size\":1,\"modified\":\"yesterday\"}]}",
        "{\"blobs\":[1]}"
      })
  void aMalformedListingIsRefused(String body) {
    assertThatThrownBy(
            () ->
                BlobListing.read(
                    new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)),
                    BlobKind.INDEX))
        .isInstanceOf(BlobListing.MalformedListing.class);
  }
}
