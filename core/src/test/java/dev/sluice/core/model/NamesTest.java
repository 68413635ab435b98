package dev.sluice.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NamesTest {

  @ParameterizedTest
  @ValueSource(strings = {"a", "Z", "7", "train", "train-model", "v1.2_rc", "a.b.c", "0-", "A_", "x."})
  void valid(String name) {
    assertThat(Names.isValid(name)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", "-lead", "_lead", ".lead", "has space", "tab\t", "slash/x", "colon:x", "é", "naïve", "a\"b", "<a>"})
  void invalid(String name) {
    assertThat(Names.isValid(name)).isFalse();
  }

  @Test
  void nullIsInvalid() {
    assertThat(Names.isValid(null)).isFalse();
  }

  @Test
  void atMost128Characters() {
    assertThat(Names.isValid("a".repeat(128))).isTrue();
    assertThat(Names.isValid("a".repeat(129))).isFalse();
    assertThat(Names.isValid("a" + "-".repeat(127))).isTrue();
  }

  @Test
  void requireIdentifierNamesWhatAndTheValue() {
    assertThatThrownBy(() -> Names.requireIdentifier("", "node id"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "node id '' is not valid: use 1 to 128 letters, digits, '-', '_' or '.', starting with a"
                + " letter or digit");
    assertThat(Names.requireIdentifier("ok", "node id")).isEqualTo("ok");
  }

  @Test
  void aDerivedNameLongerThanTheLimitIsCutToAValidNameThatKeepsLongNamesApart() {
    assertThat(Names.fit("run-finished.train")).isEqualTo("run-finished.train");
    String a = "run-finished." + "w".repeat(200);
    String b = "run-finished." + "w".repeat(199) + "v";
    assertThat(Names.fit(a)).hasSizeLessThanOrEqualTo(128).startsWith(a.substring(0, 111));
    assertThat(Names.isValid(Names.fit(a))).isTrue();
    assertThat(Names.fit(a)).isNotEqualTo(Names.fit(b));
    assertThat(Names.fit(a)).isEqualTo(Names.fit(a));
  }
}
