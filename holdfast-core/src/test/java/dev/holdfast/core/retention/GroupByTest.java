package dev.holdfast.core.retention;

import static dev.holdfast.core.testing.SnapshotHistories.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.holdfast.core.UsageError;
import dev.holdfast.core.snapshot.Snapshot;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class GroupByTest {
  static final OffsetDateTime T = OffsetDateTime.parse("2026-06-01T10:00:00Z");

  @Test
  void readsResticsWordsAndSource() {
    assertThat(GroupBy.parse("host,paths")).isEqualTo(new GroupBy(false, true, true, false));
    assertThat(GroupBy.parse("hosts,path,tag")).isEqualTo(new GroupBy(false, true, true, true));
    assertThat(GroupBy.parse("source")).isEqualTo(GroupBy.SOURCE);
    assertThat(GroupBy.parse("")).isEqualTo(GroupBy.NONE);
    assertThat(GroupBy.parse(",")).isEqualTo(GroupBy.NONE);
    assertThat(GroupBy.parse("Source,TAGS").toString()).isEqualTo("source,tags");
  }

  @Test
  void refusesAnUnknownWord() {
    assertThatThrownBy(() -> GroupBy.parse("host,pvc"))
        .isInstanceOf(UsageError.class)
        .hasMessageContaining("'pvc'");
  }

  @Test
  void tagsInAnyOrderAreOneGroupAndNoTagsIsAGroupOfItsOwn() {
    Snapshot ab = snapshot(1, T, "h", "web", List.of("a", "b"));
    Snapshot ba = snapshot(2, T, "h", "web", List.of("b", "a"));
    Snapshot none = snapshot(3, T, "h", "web", List.of());
    var groups = GroupBy.parse("tags").group(List.of(ab, ba, none));
    assertThat(groups).hasSize(2);
    assertThat(groups.get(new GroupKey(null, null, null, List.of("a", "b"))))
        .containsExactly(ab, ba);
    assertThat(groups.get(new GroupKey(null, null, null, List.of()))).containsExactly(none);
  }

  @Test
  void bySourceIsHoldfastsDefaultAndNoneMakesOneGroup() {
    Snapshot web = snapshot(1, T, "h1", "web", List.of());
    Snapshot db = snapshot(2, T, "h1", "db", List.of());
    Snapshot web2 = snapshot(3, T, "h2", "web", List.of());
    assertThat(GroupBy.SOURCE.group(List.of(web, db, web2)).values())
        .containsExactly(List.of(db), List.of(web, web2));
    assertThat(GroupBy.NONE.group(List.of(web, db, web2)).values())
        .containsExactly(List.of(web, db, web2));
    assertThat(GroupBy.NONE.keyOf(web).describe()).isEqualTo("all snapshots");
    assertThat(GroupBy.parse("source,host").keyOf(web2).describe())
        .isEqualTo("source web, host h2");
  }
}
