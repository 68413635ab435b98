package dev.sluice.core.model;

/**
 * One problem found while compiling a workflow spec: where it is (workflow, node, input) and how to
 * fix it. {@code node} and {@code input} are null when the problem is not about one.
 */
public record SpecError(String workflow, String node, String input, String problem, String fix) {

  /** One line: {@code workflow 'w', node 'n', input 'i': problem. Fix: fix}. */
  public String message() {
    StringBuilder sb = new StringBuilder("workflow '").append(workflow).append('\'');
    if (node != null) {
      sb.append(", node '").append(node).append('\'');
    }
    if (input != null) {
      sb.append(", input '").append(input).append('\'');
    }
    sb.append(": ").append(problem);
    if (fix != null) {
      sb.append(". Fix: ").append(fix);
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return message();
  }
}
