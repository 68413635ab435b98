package dev.sluice.cli;

import dev.sluice.cli.internal.CliException;
import dev.sluice.cli.internal.Stores;
import dev.sluice.console.Console;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code sluice console}: serves the page and the API over a run store, read-only. */
@Command(name = "console", mixinStandardHelpOptions = true,
    description = "Serve the web console and the API over --store (read-only: no engine is attached) until stopped.")
final class ConsoleCommand implements Callable<Integer> {
  @ParentCommand SluiceCommand root;

  @Option(names = {"-p", "--port"}, defaultValue = "8080", description = "Port (default ${DEFAULT-VALUE}; 0 picks a free one).")
  int port;

  @Option(names = "--host", defaultValue = "127.0.0.1",
      description = "Address to bind (default ${DEFAULT-VALUE}, this machine only).")
  String host;

  @Override
  public Integer call() throws Exception {
    Stores.Opened store = root.store();
    root.out.err.println("reading the run index of " + store.runs() + " …");
    root.out.err.flush();
    Console.Builder b = Console.builder().runStore(store.runs(), store.artifacts()).host(host).port(port)
        .announce(new java.io.PrintStream(new WriterStream(root.out.out), true));
    if (root.token != null) {
      b.token(root.token);
    }
    try (Console console = b.start()) {
      root.out.out.flush();
      new CountDownLatch(1).await(); // until the process is stopped (Ctrl-C) or this thread interrupted
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.io.UncheckedIOException e) {
      throw new CliException(CliException.UNREACHABLE, e.getMessage());
    }
    return 0;
  }

  /** A PrintWriter seen as an OutputStream, for the console's announcement. */
  private static final class WriterStream extends java.io.OutputStream {
    private final java.io.PrintWriter out;

    WriterStream(java.io.PrintWriter out) {
      this.out = out;
    }

    @Override
    public void write(int b) {
      out.write(b);
    }

    @Override
    public void flush() {
      out.flush();
    }
  }
}
