package dev.sluice.core.internal.journal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.engine.Deadline;
import dev.sluice.core.engine.NodeError;
import dev.sluice.core.engine.NodeState;
import dev.sluice.core.engine.RunState;
import dev.sluice.core.journal.JournalCorruptException;
import dev.sluice.core.journal.JournalRecord;
import dev.sluice.core.journal.JournalRecord.GateWaiting;
import dev.sluice.core.journal.JournalRecord.NodeUpdate;
import dev.sluice.core.journal.JournalRecord.RunCarried;
import dev.sluice.core.journal.JournalRecord.SignalReceived;
import dev.sluice.core.journal.JournalRecord.RunStarted;
import dev.sluice.core.journal.JournalRecord.RunUpdate;
import dev.sluice.core.journal.Lease;
import dev.sluice.core.journal.Origin;
import dev.sluice.core.journal.RunSummary;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The wire format of journal records, leases and run summaries. A run's spec is stored once by
 * {@link Specs} and referred to by its hash, and comes back as the exact text the engine wrote, so a
 * resume can compare it byte for byte. Values (inputs, outputs) are embedded as JSON.
 *
 * <p>A batch of records (one filesystem frame, one journal object) is a JSON array, in one of two
 * versions; a journal may hold batches of both (an old run resumed by this version), and each is
 * read by its own rule:
 *
 * <ul>
 *   <li><b>Version 1</b> (written before format version 2): one object per record, with {@code
 *       type}, {@code run} and {@code at} (an {@code Instant.toString()}) in each;
 *   <li><b>Version 2</b> (written now, {@link BatchEncoder}): the array's first element is the
 *       batch's header, {@code {"v":2,"run":<run id>,"t0":<epoch milliseconds>}}, not a record. Each
 *       record says its time as {@code "t"}, milliseconds after {@code t0}, or as {@code "at"}
 *       (text) when it is not a whole millisecond; its {@code run} only when it differs from the
 *       header's. A node's move has no {@code type} and short fields: {@code n} node, {@code k} kind,
 *       {@code s} state, {@code a} attempt, {@code e} executor, {@code an} attempt name, {@code o}
 *       output, {@code err} error. A move with an executor and no {@code an} has the usual attempt
 *       name {@code <run>-<node>-<attempt>} ({@code "an":null}: none). Other records keep version
 *       1's {@code type} and fields.
 * </ul>
 *
 * A header with another {@code v} is refused as written by a newer version.
 */
final class JournalJson {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The batch format {@link BatchEncoder} writes. */
  static final int VERSION = 2;

  private JournalJson() {}

  /**
   * A batch of records as one JSON array; specs are stored in {@code specs} and referred to.
   * Encoded by this thread's {@link BatchEncoder}.
   */
  static byte[] writeAll(List<JournalRecord> records, Specs specs) {
    return BatchEncoder.get().json(records, specs);
  }

  static JsonFactory factory() {
    return JSON.getFactory();
  }

  /**
   * The records of one batch.
   *
   * @throws JournalCorruptException naming {@code where} if the bytes are not such a batch
   */
  static List<JournalRecord> readAll(byte[] json, String where, Specs specs) {
    JsonNode array = tree(json, where);
    if (!array.isArray()) {
      throw new JournalCorruptException(where + " is corrupt: it is not a JSON array of journal records");
    }
    JsonNode header = array.size() > 0 && array.get(0).has("v") ? array.get(0) : null;
    int first = header == null ? 0 : 1;
    String run = null;
    long t0 = 0;
    if (header != null) {
      JsonNode v = header.get("v");
      if (!v.isIntegralNumber() || v.asLong() != VERSION) {
        throw new JournalCorruptException(where + " holds journal format version " + v + ", which this version of"
            + " Sluice cannot read (it reads versions 1 and " + VERSION + "): read it with the version that wrote it");
      }
      run = text(header, "run", where);
      t0 = integral(header, "t0", where);
    }
    int count = array.size() - first;
    List<JournalRecord> out = new ArrayList<>(count);
    for (int i = first; i < array.size(); i++) {
      String at = where + ", record " + (i - first + 1) + " of " + count;
      JsonNode n = array.get(i);
      if (header == null) {
        out.add(checked(at, () -> record(n, at, specs, text(n, "run", at), Instant.parse(text(n, "at", at)))));
      } else {
        String batchRun = run;
        long base = t0;
        out.add(checked(at, () -> recordV2(n, at, specs, batchRun, base)));
      }
    }
    return out;
  }

  /** A record of a version 2 batch whose header names {@code run} and {@code t0}. */
  private static JournalRecord recordV2(JsonNode n, String where, Specs specs, String batchRun, long t0) {
    String run = n.has("run") ? text(n, "run", where) : batchRun;
    Instant at = n.has("t")
        ? Instant.ofEpochMilli(Math.addExact(t0, integral(n, "t", where)))
        : Instant.parse(text(n, "at", where));
    if (n.has("type")) {
      return record(n, where, specs, run, at);
    }
    String node = text(n, "n", where);
    int attempt = (int) integral(n, "a", where);
    Optional<String> executor = optional(n, "e");
    Optional<String> attemptName = n.has("an") || executor.isEmpty()
        ? optional(n, "an")
        : Optional.of(run + "-" + node + "-" + attempt);
    return new NodeUpdate(
        run,
        node,
        text(n, "k", where),
        NodeState.valueOf(text(n, "s", where)),
        attempt,
        executor,
        attemptName,
        raw(n, "o"),
        error(n, "err"),
        at);
  }

  /**
   * Whether {@code name} is {@code <run>-<node>-<attempt>}, the name a version 2 batch leaves out
   * (checked without building it).
   */
  static boolean usualAttemptName(String name, String run, String node, int attempt) {
    int r = run.length();
    int n = node.length();
    int digits = name.length() - r - n - 2;
    if (digits < 1 || !name.startsWith(run) || name.charAt(r) != '-' || !name.regionMatches(r + 1, node, 0, n)
        || name.charAt(r + 1 + n) != '-') {
      return false;
    }
    long value = attempt;
    for (int i = name.length() - 1; i > r + n + 1; i--) {
      char c = name.charAt(i);
      if (c < '0' || c > '9' || value == 0 && i < name.length() - 1) {
        return false;
      }
      if (c - '0' != value % 10) {
        return false;
      }
      value /= 10;
    }
    return value == 0;
  }

  /**
   * Runs a read, turning what a damaged field throws (a bad enum name, instant, or a value a
   * record refuses) into a corruption naming {@code where}.
   */
  private static <T> T checked(String where, Supplier<T> read) {
    try {
      return read.get();
    } catch (IllegalArgumentException | DateTimeException | NullPointerException e) {
      throw new JournalCorruptException(where + " is corrupt: " + e.getMessage(), e);
    }
  }

  private interface Body {
    void write(JsonGenerator g) throws IOException;
  }

  private static byte[] bytes(Body body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = JSON.getFactory().createGenerator(out)) {
      body.write(g);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write a journal record in memory", e);
    }
    return out.toByteArray();
  }

  private static JsonNode tree(byte[] json, String where) {
    JsonNode tree;
    try {
      tree = JSON.readTree(json);
    } catch (IOException e) {
      throw new JournalCorruptException(where + " is corrupt: it is not valid JSON: " + e.getMessage(), e);
    }
    if (tree == null || tree.isMissingNode()) {
      throw new JournalCorruptException(where + " is corrupt: it is empty");
    }
    return tree;
  }

  private static void optional(JsonGenerator g, String field, Optional<String> value) throws IOException {
    if (value.isPresent()) {
      g.writeStringField(field, value.get());
    }
  }

  /** A version 1 record, or a version 2 record other than a node's move; {@code run} and {@code at} read by the caller. */
  private static JournalRecord record(JsonNode n, String where, Specs specs, String run, Instant at) {
    String type = n.path("type").asText();
    switch (type) {
      case "run":
        Map<String, String> labels = new LinkedHashMap<>();
        n.path("labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
        return new RunStarted(
            run,
            text(n, "workflow", where),
            text(n, "version", where),
            n.has("spec") ? text(n, "spec", where) : specs.text(text(n, "specSha256", where), where),
            n.path("input").toString(),
            new Origin(Origin.Kind.valueOf(text(n, "origin", where)), text(n, "originName", where)),
            labels,
            optional(n, "recoveredFrom"),
            text(n, "owner", where),
            deadline(n, where),
            at);
      case "carried":
        Map<String, String> values = new LinkedHashMap<>();
        n.path("values").properties().forEach(e -> values.put(e.getKey(), e.getValue().asText()));
        return new RunCarried(run, values, at);
      case "node":
        return new NodeUpdate(
            run,
            text(n, "node", where),
            text(n, "kind", where),
            NodeState.valueOf(text(n, "state", where)),
            (int) integral(n, "attempt", where),
            optional(n, "executor"),
            optional(n, "attemptName"),
            raw(n, "output"),
            error(n, "error"),
            at);
      case "runState":
        return new RunUpdate(
            run,
            RunState.valueOf(text(n, "state", where)),
            text(n, "owner", where),
            raw(n, "output"),
            error(n, "error"),
            at);
      case "gateWaiting":
        return new GateWaiting(
            run,
            text(n, "node", where),
            optional(n, "signal"),
            text(n, "expects", where),
            optional(n, "payloadType"),
            optional(n, "deadline").map(Instant::parse),
            at);
      case "signal":
        return new SignalReceived(
            run,
            text(n, "node", where),
            text(n, "signal", where),
            text(n, "signalId", where),
            raw(n, "payload").orElse("null"),
            at);
      default:
        throw new JournalCorruptException(where + " is corrupt: unknown record type '" + type + "'");
    }
  }

  private static String text(JsonNode n, String field, String where) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull() || !v.isValueNode()) {
      throw new JournalCorruptException(where + " is corrupt: it lacks the '" + field + "' field");
    }
    return v.asText();
  }

  private static Optional<String> optional(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asText());
  }

  private static Optional<String> raw(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null ? Optional.empty() : Optional.of(v.toString());
  }

  /** A run's deadline; absent in journals written before deadlines were journaled. */
  private static Optional<Deadline> deadline(JsonNode n, String where) {
    JsonNode d = n.get("deadline");
    if (d == null || d.isNull()) {
      return Optional.empty();
    }
    return Optional.of(new Deadline(Duration.parse(text(d, "within", where)), d.path("cancel").asBoolean(false)));
  }

  /** The error under {@code field} ({@code error} in version 1 records, {@code err} in version 2 moves). */
  private static Optional<NodeError> error(JsonNode n, String field) {
    JsonNode e = n.get(field);
    return e == null
        ? Optional.empty()
        : Optional.of(new NodeError(e.path("type").asText(), e.path("message").asText(), null));
  }

  // ---- leases and summaries ---------------------------------------------------------------------

  static byte[] write(Lease lease) {
    return bytes(
        g -> {
          g.writeStartObject();
          g.writeStringField("run", lease.runId());
          g.writeStringField("owner", lease.owner());
          g.writeNumberField("epoch", lease.epoch());
          g.writeStringField("acquired", lease.acquired().toString());
          g.writeStringField("expires", lease.expires().toString());
          g.writeEndObject();
        });
  }

  /** A lease; {@code where} names it ("the lease s3://…"). */
  static Lease readLease(byte[] json, String where) {
    JsonNode n = tree(json, where);
    return checked(where, () -> new Lease(
        text(n, "run", where),
        text(n, "owner", where),
        integral(n, "epoch", where),
        Instant.parse(text(n, "acquired", where)),
        Instant.parse(text(n, "expires", where))));
  }

  private static long integral(JsonNode n, String field, String where) {
    JsonNode v = n.get(field);
    if (v == null || !v.canConvertToLong() || !v.isIntegralNumber()) {
      throw new JournalCorruptException(where + " is corrupt: its '" + field + "' is not a whole number");
    }
    return v.asLong();
  }

  static byte[] write(RunSummary s) {
    return bytes(
        g -> {
          g.writeStartObject();
          g.writeStringField("run", s.runId());
          g.writeStringField("workflow", s.workflow());
          g.writeStringField("version", s.version());
          g.writeStringField("state", s.state().name());
          g.writeStringField("started", s.started().toString());
          optional(g, "ended", s.ended().map(Instant::toString));
          g.writeObjectFieldStart("labels");
          for (Map.Entry<String, String> e : s.labels().entrySet()) {
            g.writeStringField(e.getKey(), e.getValue());
          }
          g.writeEndObject();
          g.writeStringField("origin", s.origin().kind().name());
          g.writeStringField("originName", s.origin().name());
          g.writeEndObject();
        });
  }

  /** A run's index entry; {@code where} names it. */
  static RunSummary readSummary(byte[] json, String where) {
    JsonNode n = tree(json, where);
    return checked(where, () -> summary(n, where));
  }

  private static RunSummary summary(JsonNode n, String where) {
    Map<String, String> labels = new LinkedHashMap<>();
    n.path("labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
    return new RunSummary(
        text(n, "run", where),
        text(n, "workflow", where),
        text(n, "version", where),
        RunState.valueOf(text(n, "state", where)),
        Instant.parse(text(n, "started", where)),
        optional(n, "ended").map(Instant::parse),
        labels,
        new Origin(Origin.Kind.valueOf(text(n, "origin", where)), text(n, "originName", where)),
        Optional.empty());
  }
}
