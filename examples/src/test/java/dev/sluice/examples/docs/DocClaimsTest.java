package dev.sluice.examples.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.engine.Engine;
import dev.sluice.core.engine.RunHandle;
import dev.sluice.core.model.TaskContext;
import dev.sluice.dsl.Task;
import dev.sluice.dsl.Task1;
import dev.sluice.dsl.Workflow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Claims of the user guide checked against the code: what exists, what a task can do. */
class DocClaimsTest {
  private static final String KUBERNETES = "executors/kubernetes/src/main/java/dev/sluice/executor/kubernetes/KubernetesExecutor.java";
  private static final String RAY = "executors/ray/src/main/java/dev/sluice/executor/ray/RayExecutor.java";
  private static final String TASK_CONTEXT = "core/src/main/java/dev/sluice/core/model/TaskContext.java";

  /** Features a page may once have called "not yet", and the source file that shows each exists now. */
  private static final Map<String, String> BUILT =
      Map.of(
          "Kubernetes", KUBERNETES,
          "Ray", RAY,
          "remote executors", RAY,
          "TaskContext", TASK_CONTEXT,
          "DSL function cannot read", TASK_CONTEXT);

  static final Task1<String, String> whoAmI =
      Task.named("who-am-i").of(name -> name + " in " + TaskContext.current().attemptName());
  static final Workflow<String, String> WHO = Workflow.named("who", String.class, (wf, n) -> wf.call(whoAmI, n));

  @Test
  void aTaskBodyReadsItsTaskContextAsConceptsSays() throws Exception {
    try (Engine engine = Engine.local()) {
      RunHandle<String> run = engine.run(WHO, "me");

      assertThat(run.await(Duration.ofSeconds(10))).isEqualTo("me in " + run.runId() + "-who-am-i-1");
    }
    assertThat(String.join("\n", DocPages.read(DocPages.page("concepts.md"))))
        .contains("static final Task1<String, String> whoAmI =")
        .contains("Task.named(\"who-am-i\").of(name -> name + \" in \" + TaskContext.current().attemptName());");
  }

  @Test
  void noPageCallsABuiltFeatureNotYetThere() {
    List<String> stale = new ArrayList<>();
    for (Path page : DocPages.pages()) {
      List<String> lines = DocPages.read(page);
      for (int i = 0; i < lines.size(); i++) {
        if (!lines.get(i).toLowerCase().contains("*not yet*")) { // the pages' mark of what is not built
          continue;
        }
        String around = String.join(" ", lines.subList(Math.max(0, i - 1), i + 1));
        for (Map.Entry<String, String> f : BUILT.entrySet()) {
          if (around.contains(f.getKey()) && Files.isRegularFile(DocPages.root().resolve(f.getValue()))) {
            stale.add("docs/" + page.getFileName() + ":" + (i + 1) + " says " + f.getKey() + " is not yet there, but "
                + f.getValue() + " exists");
          }
        }
      }
    }
    assertThat(stale).isEmpty();
  }

  @Test
  void everySluiceModuleThePagesNameIsAModuleOfTheBuild() throws Exception {
    Set<String> modules = new TreeSet<>();
    try (Stream<Path> poms = Files.walk(DocPages.root(), 3)) {
      for (Path pom : poms.filter(p -> p.getFileName().toString().equals("pom.xml")).toList()) {
        Matcher m = Pattern.compile("<artifactId>(sluice-[\\w-]+)</artifactId>").matcher(Files.readString(pom));
        if (m.find()) { // the first sluice-* artifactId of a module pom is its parent's or its own
          modules.add(m.group(1));
        }
        while (m.find()) {
          modules.add(m.group(1));
        }
      }
    }
    Set<String> unknown = new TreeSet<>();
    for (Path page : DocPages.pages()) {
      Matcher m = Pattern.compile("`(sluice-[a-z-]+)`").matcher(String.join("\n", DocPages.read(page)));
      while (m.find()) {
        if (!modules.contains(m.group(1))) {
          unknown.add("docs/" + page.getFileName() + ": " + m.group(1));
        }
      }
    }
    assertThat(unknown).as("modules the docs name (build has %s)", modules).isEmpty();
  }
}
