package dev.holdfast.core.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.holdfast.core.id.PackId;
import org.junit.jupiter.api.Test;

class BlobLocationTest {

  private static final PackId PACK = new PackId(1, 2, 3, 4);

  @Test
  void acceptsZeroAndMaximumValues() {
    BlobLocation l = new BlobLocation(PACK, BlobType.TREE, 0, Integer.MAX_VALUE, Integer.MAX_VALUE);
    assertThat(l.offset()).isZero();
    assertThat(l.length()).isEqualTo(Integer.MAX_VALUE);
  }

  @Test
  void rejectsNegativeOffsetNamingTheField() {
    assertThatThrownBy(() -> new BlobLocation(PACK, BlobType.DATA, -1, 10, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("offset");
  }

  @Test
  void rejectsNegativeLengthNamingTheField() {
    assertThatThrownBy(() -> new BlobLocation(PACK, BlobType.DATA, 0, -5, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("length");
  }

  @Test
  void rejectsNegativeRawLengthNamingTheField() {
    assertThatThrownBy(() -> new BlobLocation(PACK, BlobType.DATA, 0, 5, Integer.MIN_VALUE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rawLength");
  }

  @Test
  void rejectsMissingPackOrType() {
    assertThatThrownBy(() -> new BlobLocation(null, BlobType.DATA, 0, 1, 1))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("pack");
    assertThatThrownBy(() -> new BlobLocation(PACK, null, 0, 1, 1))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("type");
  }
}
