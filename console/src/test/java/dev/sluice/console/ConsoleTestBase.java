package dev.sluice.console;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A fresh engine, store and console per test ({@link ConsoleFixture}), closed after it. */
abstract class ConsoleTestBase {
  @TempDir Path dir;
  ConsoleFixture f;

  @BeforeEach
  void startConsole() {
    f = new ConsoleFixture(dir);
  }

  @AfterEach
  void stopConsole() {
    f.close();
  }
}
