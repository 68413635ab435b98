package dev.sluice.examples;

/**
 * Runs every example in turn: {@link HelloWorkflow}, then {@link QoePrediction}. Arguments go to
 * the QoE example ({@code --mermaid} prints its diagram).
 *
 * <pre>
 * ./mvnw -q -pl examples -am compile exec:java
 * ./mvnw -q -pl examples -am compile exec:java -Dexec.args=--mermaid
 * </pre>
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.out.println("== HelloWorkflow");
    HelloWorkflow.main(new String[0]);
    System.out.println();
    System.out.println("== QoePrediction");
    QoePrediction.main(args);
  }
}
