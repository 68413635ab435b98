package dev.sluice.executor.ray.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Ray runs the entrypoint with a shell: every argument must reach the program as it was. */
class ShellCommandTest {

  @Test
  void argumentsSurviveTheShellUnchanged() throws Exception {
    List<String> args = List.of("plain", "with space", "it's", "\"double\"", "$HOME", "`id`", "a;b", "/app/lib/*",
        "x=1", "tab\there", "line\nbreak", "", "--flag=value", "~user", "back\\slash", "ümlaut");
    List<String> argv = new ArrayList<>(List.of("printf", "[%s]\\n"));
    argv.addAll(args);
    String command = SubmitBodies.shellCommand(argv);
    Process p = new ProcessBuilder("/bin/sh", "-c", command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
    StringBuilder expected = new StringBuilder();
    args.forEach(a -> expected.append('[').append(a).append("]\n"));
    assertThat(out).isEqualTo(expected.toString());
  }

  @Test
  void plainWordsStayReadableAndGlobsAreLeftToJava() {
    assertThat(SubmitBodies.shellCommand(List.of("java", "-cp", "/app/lib/*", "dev.sluice.runtime.TaskRunner")))
        .isEqualTo("java -cp '/app/lib/*' dev.sluice.runtime.TaskRunner");
    assertThat(SubmitBodies.shellCommand(List.of("A=1", "python3"))).isEqualTo("'A=1' python3");
  }
}
