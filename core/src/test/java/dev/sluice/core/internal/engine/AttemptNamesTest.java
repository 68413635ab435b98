package dev.sluice.core.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Attempt folders ({@code runs/<run>/nodes/<folder>/<attempt>/}) and remote job names per node. */
class AttemptNamesTest {
  private static final String RUN = "train-abcdefgh";

  @Test
  void nodesWhosePathsSanitizeAlikeGetTheirOwnAttemptFolderAndName() {
    String[][] pairs = {{"Train", "train"}, {"load.data", "load-data"}, {"a/b", "a_b"}, {"x--y", "x-y"}};
    for (String[] p : pairs) {
      assertThat(AttemptNames.nodeFolder(p[0])).as("folder of %s vs %s", p[0], p[1])
          .isNotEqualTo(AttemptNames.nodeFolder(p[1]));
      assertThat(AttemptNames.attemptName(RUN, p[0], 1)).as("attempt name of %s vs %s", p[0], p[1])
          .isNotEqualTo(AttemptNames.attemptName(RUN, p[1], 1))
          .matches("[a-z0-9]([a-z0-9-]*[a-z0-9])?").hasSizeLessThanOrEqualTo(AttemptNames.MAX);
    }
    String longPath = "Preprocess.The.Whole.Corpus.Before.Training.The.Model";
    assertThat(AttemptNames.attemptName(RUN, longPath, 1))
        .isNotEqualTo(AttemptNames.attemptName(RUN, longPath.toLowerCase(), 1))
        .hasSizeLessThanOrEqualTo(AttemptNames.MAX);
  }

  @Test
  void aPathThatNeedsNoSanitizingKeepsItsFolderAndNameSoExistingRunsResume() {
    assertThat(AttemptNames.nodeFolder("load-data")).isEqualTo("load-data");
    assertThat(AttemptNames.attemptName(RUN, "train", 2)).isEqualTo(RUN + "-train-2");
  }
}
