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

  /** The shortcut for names already clean returns what the full sanitizing would have built. */
  @Test
  void sanitizingACleanNameReturnsItAndAnyOtherNameAsBefore() {
    String[][] expected = { // name, what sanitizing makes of it
      {"", ""}, {"a", "a"}, {"train", "train"}, {"load-data", "load-data"}, {"x--y", "x-y"}, {"-a", "a"},
      {"a-", "a"}, {"-", ""}, {"--", ""}, {"Train", "train"}, {"a.b", "a-b"}, {"a_b-c", "a-b-c"}, {"9z", "9z"},
      {"scores[3]", "scores-3"}, {"tune/fit", "tune-fit"}, {"é", ""}, {"a-b-c", "a-b-c"}, {" a", "a"}, {"a ", "a"}
    };
    for (String[] pair : expected) {
      assertThat(AttemptNames.sanitize(pair[0])).as("sanitize(\"%s\")", pair[0]).isEqualTo(pair[1]);
    }
    String clean = "load-data";
    assertThat(AttemptNames.sanitize(clean)).isSameAs(clean);
  }

  /** The journal's names, node folders remembered, are the names the attempts themselves use. */
  @Test
  void rememberedNodeFoldersGiveTheSameAttemptNames() {
    NodeFolders names = new NodeFolders();
    String longPath = "Preprocess.The.Whole.Corpus.Before.Training.The.Model";
    for (int round = 0; round < 2; round++) {
      for (String path : new String[] {"train", "n3_7", "Train", "scores[3]", "tune/fit", longPath, ""}) {
        for (int attempt = 1; attempt <= 2; attempt++) {
          for (String run : new String[] {RUN, "Other_Run.1", RUN + "-with-a-much-longer-id-than-usual"}) {
            assertThat(names.attemptName(AttemptNames.runPrefix(run), path, attempt)).as("%s, %s, attempt %d", run, path, attempt)
                .isEqualTo(AttemptNames.attemptName(run, path, attempt));
          }
        }
      }
    }
  }

  /** Past its bound the map starts over: names stay the same, for paths remembered and forgotten. */
  @Test
  void nodeFoldersPastTheirBoundStillGiveTheSameAttemptNames() {
    NodeFolders names = new NodeFolders();
    for (int round = 0; round < 2; round++) {
      for (int i = 0; i < 20_000; i += 7) {
        String path = "n" + i + "_" + (i % 10);
        assertThat(names.attemptName(AttemptNames.runPrefix(RUN), path, 1)).as(path).isEqualTo(AttemptNames.attemptName(RUN, path, 1));
      }
    }
  }
}
