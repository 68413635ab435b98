package dev.sluice.cli;

import dev.sluice.cli.internal.CliException;
import dev.sluice.core.model.NodeSpec;
import dev.sluice.core.model.WorkflowDefinition;
import dev.sluice.core.model.WorkflowSpec;
import java.io.File;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sluice dag <class>[#FIELD]}: a workflow's DAG as Mermaid or DOT. */
@Command(name = "dag", mixinStandardHelpOptions = true,
    description = "Print a workflow's DAG as Mermaid or DOT: the workflow is a static field of the class"
        + " (name it with #FIELD when the class has several).")
final class DagCommand implements Callable<Integer> {
  @Parameters(paramLabel = "CLASS[#FIELD]", description = "e.g. com.acme.Flows#TRAIN")
  String target;

  @Option(names = {"-f", "--format"}, defaultValue = "mermaid", description = "mermaid or dot (default ${DEFAULT-VALUE}).")
  String format;

  @Option(names = {"-cp", "--classpath"}, split = ",", paramLabel = "JAR",
      description = "Jars or folders holding the workflow's classes, comma-separated or repeated.")
  List<File> classpath = new ArrayList<>();

  @picocli.CommandLine.ParentCommand SluiceCommand root;

  @Override
  public Integer call() {
    WorkflowSpec spec = load();
    switch (format) {
      case "mermaid" -> root.out.out.print(spec.toMermaid());
      case "dot" -> root.out.out.print(dot(spec));
      default -> throw new CliException(CliException.USAGE, "--format must be mermaid or dot, not '" + format + "'");
    }
    return 0;
  }

  static String dot(WorkflowSpec spec) {
    StringBuilder sb = new StringBuilder("digraph \"" + spec.name().replace("\"", "\\\"") + "\" {\n  rankdir=LR;\n");
    for (NodeSpec n : spec.nodes()) {
      sb.append("  \"").append(n.id()).append("\" [label=\"").append(n.id()).append("\\n(").append(n.kind()).append(")\"];\n");
    }
    for (NodeSpec n : spec.nodes()) {
      for (String up : spec.upstream(n.id())) {
        sb.append("  \"").append(up).append("\" -> \"").append(n.id()).append("\";\n");
      }
    }
    return sb.append("}\n").toString();
  }

  private WorkflowSpec load() {
    int hash = target.indexOf('#');
    String className = hash < 0 ? target : target.substring(0, hash);
    String fieldName = hash < 0 ? null : target.substring(hash + 1);
    Class<?> type;
    try {
      type = Class.forName(className, true, loader());
    } catch (ClassNotFoundException e) {
      throw new CliException(CliException.NOT_FOUND, "no class " + className + " on the class path; add its jar with --classpath");
    } catch (LinkageError e) {
      throw new CliException(CliException.NOT_FOUND, "class " + className + " could not be loaded (" + e
          + "); add the jars it needs (your application's jar with its dependencies) with --classpath");
    }
    List<Field> candidates = new ArrayList<>();
    for (Field f : type.getDeclaredFields()) {
      boolean workflow = WorkflowDefinition.class.isAssignableFrom(f.getType()) || WorkflowSpec.class.isAssignableFrom(f.getType());
      if (Modifier.isStatic(f.getModifiers()) && workflow && (fieldName == null || f.getName().equals(fieldName))) {
        candidates.add(f);
      }
    }
    if (candidates.size() != 1) {
      List<String> names = new ArrayList<>();
      for (Field f : type.getDeclaredFields()) {
        if (Modifier.isStatic(f.getModifiers()) && (WorkflowDefinition.class.isAssignableFrom(f.getType()) || WorkflowSpec.class.isAssignableFrom(f.getType()))) {
          names.add(f.getName());
        }
      }
      throw new CliException(candidates.isEmpty() ? CliException.NOT_FOUND : CliException.USAGE,
          (candidates.isEmpty() ? "no static workflow field" + (fieldName == null ? "" : " '" + fieldName + "'")
              : "several static workflow fields") + " in " + className + "; its workflow fields: " + names
              + ". Name one: " + className + "#FIELD");
    }
    try {
      Field f = candidates.get(0);
      f.setAccessible(true);
      Object value = f.get(null);
      return value instanceof WorkflowSpec s ? s : ((WorkflowDefinition<?, ?>) value).spec();
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new CliException(CliException.REFUSED, "reading " + target + " failed: " + e);
    }
  }

  private ClassLoader loader() {
    if (classpath.isEmpty()) {
      return DagCommand.class.getClassLoader();
    }
    List<URL> urls = new ArrayList<>();
    for (File f : classpath) {
      if (!f.exists()) {
        throw new CliException(CliException.NOT_FOUND, "--classpath entry " + f + " does not exist");
      }
      try {
        urls.add(f.toURI().toURL());
      } catch (MalformedURLException e) {
        throw new CliException(CliException.USAGE, "--classpath entry " + f + ": " + e.getMessage());
      }
    }
    return new URLClassLoader(urls.toArray(URL[]::new), DagCommand.class.getClassLoader());
  }
}
