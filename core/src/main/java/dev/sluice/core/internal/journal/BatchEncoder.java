package dev.sluice.core.internal.journal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.sluice.core.engine.NodeError;
import dev.sluice.core.engine.NodeState;
import dev.sluice.core.engine.RunState;
import dev.sluice.core.journal.JournalRecord;
import dev.sluice.core.journal.JournalRecord.GateWaiting;
import dev.sluice.core.journal.JournalRecord.NodeUpdate;
import dev.sluice.core.journal.JournalRecord.RunCarried;
import dev.sluice.core.journal.JournalRecord.RunStarted;
import dev.sluice.core.journal.JournalRecord.RunUpdate;
import dev.sluice.core.journal.JournalRecord.SignalReceived;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * Encodes a batch of journal records once, with one streaming generator into one buffer that are
 * both kept for the thread's next batch: a batch allocates nothing of its own. It writes {@link
 * JournalJson}'s format version 2: the batch's header (version, run id, base time) first, then each
 * record with its time as milliseconds after the base, a node's move with short field names and
 * without the attempt name when it is the usual {@code <run>-<node>-<attempt>} (about a third of
 * version 1's bytes for a task's two records, and half the generator calls). Constant field names,
 * record types and states are written pre-encoded.
 *
 * <p>One per thread ({@link #get}); what {@link #frame} returns is valid until the thread's next
 * batch. A batch that fails half-way, or that grew the buffer past {@value #KEEP} bytes, leaves the
 * thread a fresh encoder.
 */
final class BatchEncoder {
  private static final int KEEP = 256 << 10;
  private static final ThreadLocal<BatchEncoder> PER_THREAD = new ThreadLocal<>();

  private final JsonBytes out = new JsonBytes();
  private final JsonGenerator generator;
  private final InstantText instants = new InstantText();
  private final CRC32C crc = new CRC32C();
  private boolean busy;

  private BatchEncoder() {
    try {
      generator = JournalJson.factory().createGenerator(out);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make a JSON generator in memory", e);
    }
    generator.setRootValueSeparator(null); // value after value at the root: no separator between them
    out.fallback(generator);
  }

  /** This thread's encoder (a fresh one should the thread's be in use). */
  static BatchEncoder get() {
    BatchEncoder e = PER_THREAD.get();
    if (e == null || e.busy) {
      e = new BatchEncoder();
      if (PER_THREAD.get() == null) {
        PER_THREAD.set(e);
      }
    }
    return e;
  }

  /**
   * The batch as one frame of the filesystem journal, {@code [length][record count][CRC32C][JSON
   * array]} ({@link FrameScan}), in this encoder's buffer: valid until its next batch.
   */
  ByteBuffer frame(List<JournalRecord> records, Specs specs) {
    int length = encode(records, specs, FrameScan.HEADER);
    byte[] bytes = out.bytes;
    int json = length - FrameScan.HEADER;
    putInt(bytes, 0, json);
    putInt(bytes, 4, records.size());
    crc.reset();
    crc.update(bytes, 4, 4); // the count, as FrameScan.crc hashes it
    crc.update(bytes, FrameScan.HEADER, json);
    putInt(bytes, 8, (int) crc.getValue());
    ByteBuffer frame = ByteBuffer.wrap(bytes, 0, length);
    release();
    return frame;
  }

  /** The batch as a JSON array, in a new array of its own. */
  byte[] json(List<JournalRecord> records, Specs specs) {
    int length = encode(records, specs, 0);
    byte[] copy = Arrays.copyOf(out.bytes, length);
    release();
    return copy;
  }

  /** Writes the batch after {@code gap} free bytes; returns where it ends. */
  private int encode(List<JournalRecord> records, Specs specs, int gap) {
    busy = true;
    JsonBytes b = out;
    b.count = gap;
    try {
      String batchRun = records.isEmpty() ? "" : records.get(0).runId();
      long t0 = 0;
      for (JournalRecord r : records) {
        if (millis(r.at())) {
          t0 = r.at().toEpochMilli();
          break;
        }
      }
      b.put(HEADER); // the batch's header, not a record: {"v":2,"run":…,"t0":…}
      b.string(batchRun);
      b.put(T0);
      b.number(t0);
      b.put((byte) '}');
      for (JournalRecord r : records) {
        b.put((byte) ',');
        if (r instanceof NodeUpdate n) {
          node(n, batchRun, t0);
        } else {
          other(r, specs, batchRun, t0);
        }
      }
      b.put((byte) ']');
      return b.count;
    } catch (IOException | RuntimeException e) {
      if (PER_THREAD.get() == this) {
        PER_THREAD.remove(); // the generator may be inside a record: the next batch starts afresh
      }
      if (e instanceof RuntimeException r) {
        throw r;
      }
      throw new UncheckedIOException("cannot write journal records in memory", (IOException) e);
    }
  }

  /** Done with the buffer's contents (the frame stays readable until the next batch). */
  private void release() {
    busy = false;
    if (out.bytes.length > KEEP && PER_THREAD.get() == this) {
      PER_THREAD.remove(); // a batch of large outputs: do not hold its buffer for the thread's life
    }
  }

  // ---- one record: format v2 (JournalJson's Javadoc); constant names and values pre-encoded -----

  private static SerializedString s(String text) {
    return new SerializedString(text);
  }

  /** For the records the generator writes. */
  private static final SerializedString TYPE = s("type"), STATE = s("state"), MESSAGE = s("message"),
      OWNER = s("owner"), OUTPUT_V1 = s("output"), ERROR_V1 = s("error"), TIME = s("t"), TIME_TEXT = s("at");
  private static final SerializedString T_RUN = s("run"), T_CARRIED = s("carried"), T_RUN_STATE = s("runState"),
      T_GATE = s("gateWaiting"), T_SIGNAL = s("signal");
  private static final SerializedString[] RUN_STATES = names(RunState.values());

  private static SerializedString[] names(Enum<?>[] values) {
    SerializedString[] out = new SerializedString[values.length];
    for (Enum<?> v : values) {
      out[v.ordinal()] = s(v.name());
    }
    return out;
  }

  /** A node's move, by hand: short field names, no type, the attempt name left out when it is the usual one. */
  private void node(NodeUpdate n, String batchRun, long t0) throws IOException {
    JsonBytes b = out;
    b.put((byte) '{');
    if (!n.runId().equals(batchRun)) {
      b.put(RUN_FIELD);
      b.string(n.runId());
      b.put((byte) ',');
    }
    b.put(NODE);
    b.string(n.node());
    b.put(KIND);
    if (n.kind().equals("task")) {
      b.put(TASK);
    } else {
      b.string(n.kind());
    }
    b.put(NODE_STATES[n.state().ordinal()]);
    b.number(n.attempt());
    Optional<String> name = n.attemptName();
    if (n.executor().isPresent()) {
      b.put(EXECUTOR);
      b.string(n.executor().get());
      if (name.isEmpty()) {
        b.put(NO_ATTEMPT_NAME); // an executor without a name: said, since no name means the usual one
      } else if (!JournalJson.usualAttemptName(name.get(), n.runId(), n.node(), n.attempt())) {
        b.put(ATTEMPT_NAME);
        b.string(name.get());
      }
    } else if (name.isPresent()) {
      b.put(ATTEMPT_NAME);
      b.string(name.get());
    }
    if (n.outputJson().isPresent()) {
      b.put(OUTPUT);
      b.raw(n.outputJson().get());
    }
    if (n.error().isPresent()) {
      b.put(ERROR_TYPE);
      b.string(n.error().get().type());
      b.put(ERROR_MESSAGE);
      b.string(n.error().get().message());
      b.put((byte) '}');
    }
    Instant at = n.at();
    if (millis(at)) {
      b.put(T);
      b.number(at.toEpochMilli() - t0);
    } else {
      b.put(AT);
      int length = instants.format(at);
      if (length < 0) {
        b.string(at.toString());
      } else {
        b.string(instants.chars(), length);
      }
    }
    b.put((byte) '}');
  }

  private static final byte[] HEADER = ascii("[{\"v\":" + JournalJson.VERSION + ",\"run\":"), T0 = ascii(",\"t0\":"),
      RUN_FIELD = ascii("\"run\":"), NODE = ascii("\"n\":"), KIND = ascii(",\"k\":"), TASK = ascii("\"task\""),
      EXECUTOR = ascii(",\"e\":"), ATTEMPT_NAME = ascii(",\"an\":"), NO_ATTEMPT_NAME = ascii(",\"an\":null"),
      OUTPUT = ascii(",\"o\":"), ERROR_TYPE = ascii(",\"err\":{\"type\":"), ERROR_MESSAGE = ascii(",\"message\":"),
      T = ascii(",\"t\":"), AT = ascii(",\"at\":");
  /** {@code ,"s":"<state>","a":} for each state, ready for the attempt. */
  private static final byte[][] NODE_STATES = new byte[NodeState.values().length][];

  static {
    for (NodeState state : NodeState.values()) {
      NODE_STATES[state.ordinal()] = ascii(",\"s\":\"" + state.name() + "\",\"a\":");
    }
  }

  private static byte[] ascii(String text) {
    return JsonBytes.ascii(text);
  }

  /**
   * Every other record, by the generator (they are few): version 1's fields and type names, without
   * the run id and with the time as {@link #at}.
   */
  private void other(JournalRecord record, Specs specs, String batchRun, long t0) throws IOException {
    JsonGenerator g = generator;
    g.writeStartObject();
    if (!record.runId().equals(batchRun)) {
      g.writeStringField("run", record.runId());
    }
    if (record instanceof RunUpdate u) {
      g.writeFieldName(TYPE);
      g.writeString(T_RUN_STATE);
      g.writeFieldName(STATE);
      g.writeString(RUN_STATES[u.state().ordinal()]);
      g.writeFieldName(OWNER);
      g.writeString(u.owner());
      if (u.outputJson().isPresent()) {
        g.writeFieldName(OUTPUT_V1);
        g.writeRawValue(u.outputJson().get());
      }
      error(u.error());
    } else if (record instanceof RunStarted r) {
      g.writeFieldName(TYPE);
      g.writeString(T_RUN);
      g.writeStringField("workflow", r.workflow());
      g.writeStringField("version", r.version());
      g.writeStringField("specSha256", specs.ref(r.specJson()));
      g.writeFieldName("input");
      g.writeRawValue(r.inputJson());
      g.writeStringField("origin", r.origin().kind().name());
      g.writeStringField("originName", r.origin().name());
      map("labels", r.labels());
      if (r.recoveredFrom().isPresent()) {
        g.writeStringField("recoveredFrom", r.recoveredFrom().get());
      }
      g.writeFieldName(OWNER);
      g.writeString(r.owner());
      if (r.deadline().isPresent()) {
        g.writeObjectFieldStart("deadline");
        g.writeStringField("within", r.deadline().get().within().toString());
        g.writeBooleanField("cancel", r.deadline().get().cancelling());
        g.writeEndObject();
      }
    } else if (record instanceof RunCarried c) {
      g.writeFieldName(TYPE);
      g.writeString(T_CARRIED);
      map("values", c.values());
    } else if (record instanceof GateWaiting w) {
      g.writeFieldName(TYPE);
      g.writeString(T_GATE);
      g.writeStringField("node", w.node());
      optional("signal", w.signal());
      g.writeStringField("expects", w.expects());
      optional("payloadType", w.payloadType());
      optional("deadline", w.deadline().map(Instant::toString));
    } else if (record instanceof SignalReceived r) {
      g.writeFieldName(TYPE);
      g.writeString(T_SIGNAL);
      g.writeStringField("node", r.node());
      g.writeStringField("signal", r.signal());
      g.writeStringField("signalId", r.signalId());
      g.writeFieldName("payload");
      g.writeRawValue(r.payloadJson());
    } else {
      throw new IllegalArgumentException("unknown journal record " + record.getClass().getName());
    }
    at(record.at(), t0);
    g.writeEndObject();
    g.flush();
  }


  /** Whether {@code at} is a whole millisecond well inside {@code long} milliseconds: written as {@code t}. */
  static boolean millis(Instant at) {
    return at.getNano() % 1_000_000 == 0 && Math.abs(at.getEpochSecond()) < 1_000_000_000_000L;
  }

  /** {@code "t": milliseconds after t0}, or {@code "at": Instant.toString()} for other instants. */
  private void at(Instant at, long t0) throws IOException {
    JsonGenerator g = generator;
    if (millis(at)) {
      g.writeFieldName(TIME);
      g.writeNumber(at.toEpochMilli() - t0);
      return;
    }
    g.writeFieldName(TIME_TEXT);
    int length = instants.format(at);
    if (length < 0) {
      g.writeString(at.toString());
    } else {
      g.writeString(instants.chars(), 0, length);
    }
  }

  private void map(String field, Map<String, String> entries) throws IOException {
    generator.writeObjectFieldStart(field);
    for (Map.Entry<String, String> e : entries.entrySet()) {
      generator.writeStringField(e.getKey(), e.getValue());
    }
    generator.writeEndObject();
  }

  private void optional(String field, Optional<String> value) throws IOException {
    if (value.isPresent()) {
      generator.writeStringField(field, value.get());
    }
  }

  private void error(Optional<NodeError> error) throws IOException {
    if (error.isPresent()) {
      generator.writeFieldName(ERROR_V1);
      generator.writeStartObject();
      generator.writeFieldName(TYPE);
      generator.writeString(error.get().type());
      generator.writeFieldName(MESSAGE);
      generator.writeString(error.get().message());
      generator.writeEndObject();
    }
  }

  private static void putInt(byte[] b, int at, int v) {
    b[at] = (byte) (v >>> 24);
    b[at + 1] = (byte) (v >>> 16);
    b[at + 2] = (byte) (v >>> 8);
    b[at + 3] = (byte) v;
  }
}
