package dev.sluice.console.internal;

import dev.sluice.console.ops.HistoryEntry;
import dev.sluice.console.ops.Operations;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;

/**
 * Server-sent events of one run: every journal record from {@code from} on, as it is journaled, one
 * event each ({@code id} = its position, {@code event} = {@code node}, {@code run} or {@code
 * run-started}, {@code data} = the {@link HistoryEntry} as JSON), then {@code end} once the run has
 * ended. The journal is the source, so a run driven by any engine on the store is followed the same
 * way; it is re-read every {@code poll}. A comment line every 15 s keeps proxies from closing the
 * stream.
 */
final class LiveEvents {
  private static final long KEEP_ALIVE_NANOS = Duration.ofSeconds(15).toNanos();

  private final Operations ops;
  private final Duration poll;
  private final Semaphore streams;

  LiveEvents(Operations ops, Duration poll, int maxStreams) {
    this.ops = ops;
    this.poll = poll;
    this.streams = new Semaphore(maxStreams);
  }

  void stream(Exchange x, String runId, int from) throws IOException {
    List<HistoryEntry> first = ops.history(runId, from); // 404 or 400 before the stream opens
    if (!streams.tryAcquire()) {
      throw new HttpError(503, "too many live streams are open; close some run pages and retry");
    }
    try {
      x.http.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
      x.http.getResponseHeaders().set("Cache-Control", "no-store");
      x.http.getResponseHeaders().set("X-Accel-Buffering", "no");
      x.http.sendResponseHeaders(200, 0);
      try (OutputStream out = x.http.getResponseBody()) {
        out.write(("retry: " + Math.max(500, poll.toMillis()) + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        follow(out, runId, from, first);
      }
    } catch (IOException gone) {
      // the client went away: nothing to answer
    } finally {
      streams.release();
    }
  }

  private void follow(OutputStream out, String runId, int from, List<HistoryEntry> batch) throws IOException {
    int next = from;
    long quietSince = System.nanoTime();
    while (true) {
      boolean ended = false;
      for (HistoryEntry e : batch) {
        write(out, e);
        next = (int) e.seq() + 1;
        ended |= e.type().equals("run") && !e.state().equals("RUNNING");
      }
      if (!batch.isEmpty()) {
        out.flush();
        quietSince = System.nanoTime();
      }
      if (ended || (batch.isEmpty() && runEnded(runId))) {
        out.write("event: end\ndata: {}\n\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
        return;
      }
      if (System.nanoTime() - quietSince > KEEP_ALIVE_NANOS) {
        out.write(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
        quietSince = System.nanoTime();
      }
      try {
        Thread.sleep(poll.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      batch = ops.history(runId, next);
    }
  }

  private boolean runEnded(String runId) {
    return ops.run(runId).run().state().isTerminal();
  }

  private static void write(OutputStream out, HistoryEntry e) throws IOException {
    String data = Exchange.JSON.writeValueAsString(e);
    out.write(("id: " + e.seq() + "\nevent: " + e.type() + "\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
  }
}
