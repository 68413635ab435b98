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
 * The wire format of journal records, leases and run summaries: one JSON object each, with a
 * {@code type} field for records. Values (inputs, outputs) are embedded as JSON; a run's spec is
 * stored once by {@link Specs} and referred to by its hash, and comes back as the exact text the
 * engine wrote, so a resume can compare it byte for byte.
 */
final class JournalJson {
  private static final ObjectMapper JSON = new ObjectMapper();

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
    List<JournalRecord> out = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      String at = where + ", record " + (i + 1) + " of " + array.size();
      JsonNode n = array.get(i);
      out.add(checked(at, () -> record(n, at, specs)));
    }
    return out;
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

  private static JournalRecord record(JsonNode n, String where, Specs specs) {
    String type = n.path("type").asText();
    Instant at = Instant.parse(text(n, "at", where));
    String run = text(n, "run", where);
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
            error(n),
            at);
      case "runState":
        return new RunUpdate(
            run,
            RunState.valueOf(text(n, "state", where)),
            text(n, "owner", where),
            raw(n, "output"),
            error(n),
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

  private static Optional<NodeError> error(JsonNode n) {
    JsonNode e = n.get("error");
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
