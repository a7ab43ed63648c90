package dev.holdfast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher's class-data training runs every one of its commands to the end. */
class ClassDataTrainingTest {
  @TempDir Path tmp;

  @Test
  void everyTrainingCommandSucceeds() throws Exception {
    assertThat(ClassDataTraining.run(tmp)).isEmpty();
  }
}
