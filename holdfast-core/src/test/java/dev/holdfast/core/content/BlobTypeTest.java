package dev.holdfast.core.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BlobTypeTest {

  @Test
  void codesArePinned() {
    assertThat(BlobType.DATA.code()).isEqualTo((byte) 0);
    assertThat(BlobType.TREE.code()).isEqualTo((byte) 1);
  }

  @Test
  void fromCodeInvertsCode() {
    for (BlobType type : BlobType.values()) {
      assertThat(BlobType.fromCode(type.code())).isSameAs(type);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {-1, 2, 255, Integer.MIN_VALUE})
  void fromCodeRejectsUnknownCodeAndNamesIt(int code) {
    assertThatThrownBy(() -> BlobType.fromCode(code))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(Integer.toString(code));
  }
}
