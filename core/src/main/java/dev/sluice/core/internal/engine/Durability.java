package dev.sluice.core.internal.engine;

import com.google.common.collect.MapMaker;
import dev.sluice.core.artifact.Blobs;
import dev.sluice.core.internal.io.ScalarJson;
import dev.sluice.core.internal.io.ValueCodec;
import dev.sluice.core.internal.journal.JournalWriter;
import dev.sluice.core.internal.journal.CancelRequests;
import dev.sluice.core.internal.journal.LeaseKeeper;
import dev.sluice.core.journal.JournalConflictException;
import dev.sluice.core.journal.JournalRecord;
import dev.sluice.core.journal.LeaseRefusedException;
import dev.sluice.core.journal.NodeHistory;
import dev.sluice.core.journal.Origin;
import dev.sluice.core.journal.RunHistory;
import dev.sluice.core.journal.RunJournal;
import dev.sluice.core.model.WorkflowSpec;
import dev.sluice.core.spi.ObjectNotFoundException;
import dev.sluice.core.spi.RunStore;
import dev.sluice.core.spi.TaskInterceptor;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an engine with a run store does besides running: it journals its runs (one {@link
 * RunJournaling} each, written by a {@link JournalWriter} on a few I/O threads), holds their
 * leases ({@link LeaseKeeper}), makes remote attempts wait for the journal, and encodes what the
 * journal holds with the engine's value codec.
 */
final class Durability implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger("dev.sluice.journal");
  /** Outputs larger than this go to blobs rather than into journal records. */
  private static final long INLINE_LIMIT = 64 << 10;
  /**
   * How long a run's first record after an idle moment waits for more before its batch is written;
   * records something waits for (the run's start, before a remote submission, its end) go at once.
   */
  static final Duration JOURNAL_LINGER = Duration.ofMillis(1);

  final DefaultEngine engine;
  final RunStore store;
  final String owner;
  final Duration leaseTtl;
  final LeaseKeeper leases;
  private final JournalWriter writer;
  private final ValueCodec codec;
  private final com.fasterxml.jackson.databind.ObjectWriter plain;
  private final ScalarJson scalars;
  private final ThreadPoolExecutor io;
  private final Map<String, WorkflowSpec> workflows = new ConcurrentHashMap<>();
  private final Map<WorkflowSpec, String> specJson = new MapMaker().weakKeys().makeMap();
  private final Map<String, Run> runs = new ConcurrentHashMap<>();
  /** Attempt names for RUNNING records, their node folders remembered. */
  final NodeFolders names = new NodeFolders();

  Durability(DefaultEngine engine, DurabilityConfig config, long largeValueThreshold, Path artifactDirectory, int engineNumber) {
    this.engine = engine;
    this.store = config.store();
    this.owner = config.engineId();
    this.leaseTtl = config.leaseTtl();
    AtomicInteger n = new AtomicInteger();
    this.io = new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
      Thread t = new Thread(r, "sluice-" + engineNumber + "-journal-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    io.allowCoreThreadTimeOut(true);
    this.codec = new ValueCodec(Math.min(INLINE_LIMIT, largeValueThreshold), artifactDirectory);
    this.plain = codec.mapper().writer();
    this.scalars = ScalarJson.of(codec.mapper());
    this.writer = new JournalWriter(store, io, JOURNAL_LINGER, config.storeRetry(),
        (runId, why) -> abandon(runId, why));
    this.leases = new LeaseKeeper(store, owner, engine.clock, leaseTtl);
    for (WorkflowSpec w : config.workflows()) {
      WorkflowSpec other = workflows.putIfAbsent(w.name(), w);
      if (other != null && other != w) {
        throw new IllegalArgumentException(
            "two workflows named '" + w.name() + "' were registered for resume; register each workflow once");
      }
    }
  }

  /** Starts heart-beating, and adopting orphans if asked to. */
  void start(boolean adoptOrphans) {
    leases.start(engine.scheduler, io);
    long look = Math.max(1, leaseTtl.toMillis() / 3);
    engine.scheduler.scheduleWithFixedDelay(() -> io.execute(this::honourCancelRequests), look, look, TimeUnit.MILLISECONDS);
    if (adoptOrphans) {
      long every = leaseTtl.toMillis();
      engine.scheduler.scheduleWithFixedDelay(
          () -> engine.taskPool.execute(this::adoptOrphans), every, every, TimeUnit.MILLISECONDS);
    }
  }

  RunJournal journal() {
    return RunJournal.of(store, engine.store(), engine.clock);
  }

  Optional<WorkflowSpec> workflow(String name) {
    return Optional.ofNullable(workflows.get(name));
  }

  String specJson(WorkflowSpec spec) {
    return specJson.computeIfAbsent(spec, WorkflowSpec::toJson);
  }

  /** A value as the journal holds it: JSON, artifacts uploaded, a large value as a blob reference. */
  String encode(Object value) {
    return new String(codec.encode(engine.store(), value, true).json(), StandardCharsets.UTF_8);
  }

  /**
   * {@link #encode(Object)} for a value declared as {@code declared}: a small value that cannot
   * hold artifacts is written by the plain mapper, without looking for artifacts.
   */
  String encode(Object value, Type declared) {
    String json = encodeInline(value, declared);
    return json != null ? json : encode(value);
  }

  /**
   * The JSON of a small value that cannot hold artifacts, written by the plain mapper without the
   * store; null when the value needs the store (artifacts, or too large to go inline).
   */
  String encodeInline(Object value, Type declared) {
    String scalar = scalars.json(value); // a number, a boolean, a plain string: no Jackson call, and no artifact in it
    if (scalar != null && scalar.length() <= INLINE_LIMIT / 4) {
      return scalar;
    }
    if (!engine.artifactTypes.mayHold(declared, value)) {
      try {
        String json = plain.writeValueAsString(value);
        if (json.length() <= INLINE_LIMIT / 4) { // at most 4 bytes a character: within the limit
          return json;
        }
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalArgumentException("cannot encode a " + value.getClass().getName() + " as JSON: "
            + e.getOriginalMessage(), e);
      }
    }
    return null;
  }

  /** The workflow's input as journaled; refused with the fix when the journal cannot hold it. */
  String encodeInput(WorkflowSpec spec, Object input) {
    try {
      return encode(input);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "workflow '" + spec.name() + "': with a run store the input is journaled as JSON, and this "
              + input.getClass().getName() + " cannot be: " + e.getMessage()
              + ". Fix: pass a record or another type Jackson can write and read", e);
    }
  }

  /**
   * A journaled value, decoded; refused when it is not valid JSON or when an artifact it refers to
   * is gone from the store (deleted or pruned), naming the blob, rather than failing later in the
   * task that reads it.
   */
  Object decode(String json, Type type, String where) {
    com.fasterxml.jackson.databind.JsonNode tree;
    try {
      tree = codec.mapper().readTree(json);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(where + " is not valid JSON: " + e.getOriginalMessage(), e);
    }
    requireArtifacts(tree, where);
    return codec.decode(engine.store(), tree, type, where);
  }

  /** Every file and directory (and each of its files) {@code node} refers to is in the store. */
  private void requireArtifacts(com.fasterxml.jackson.databind.JsonNode node, String where) {
    if (node.isObject()) {
      String kind = node.path("@sluice").asText();
      String sha256 = node.path("sha256").asText();
      if ((kind.equals("file") || kind.equals("dir")) && Blobs.isHash(sha256)) {
        requireBlob(sha256, kind + " '" + node.path("name").asText() + "'", where);
        if (kind.equals("dir")) {
          for (var file : codec.read(engine.store(), Blobs.key(sha256)).path("files")) {
            requireBlob(file.path("sha256").asText(), "file '" + file.path("path").asText() + "' of that directory", where);
          }
        }
        return;
      }
    }
    for (var child : node) {
      requireArtifacts(child, where);
    }
  }

  private void requireBlob(String sha256, String what, String where) {
    if (!Blobs.isHash(sha256) || !engine.store().exists(Blobs.key(sha256))) {
      throw new ObjectNotFoundException(where + " refers to " + what + " whose blob " + sha256 + " is no longer in "
          + engine.store().root() + " (deleted, or pruned)");
    }
  }

  /**
   * Journaling for a new run (a fresh one, or the recovery of a failed one): its lease, and its
   * first record, the spec and the input.
   */
  RunJournaling openNew(
      Run run, WorkflowSpec spec, String inputJson, Origin origin, Optional<String> recoveredFrom) {
    JournalRecord.RunStarted started =
        new JournalRecord.RunStarted(
            run.runId, spec.name(), spec.version(), specJson(spec), inputJson, origin, run.labels(),
            recoveredFrom, owner, Optional.ofNullable(run.deadline), Instant.ofEpochMilli(run.clock.millis()));
    return open(run, 0, started, false);
  }

  /**
   * {@link #openNew} for a run whose lease {@link #claimKey} took already: taking it again would
   * look at the claims of a race this engine won and may still see the loser's claim.
   */
  RunJournaling openClaimed(Run run, WorkflowSpec spec, String inputJson, Origin origin) {
    if (leases.lease(run.runId).isEmpty()) {
      throw new IllegalStateException("run " + run.runId + ": its key's lease is not held by this engine");
    }
    JournalRecord.RunStarted started =
        new JournalRecord.RunStarted(
            run.runId, spec.name(), spec.version(), specJson(spec), inputJson, origin, run.labels(),
            Optional.empty(), owner, Instant.ofEpochMilli(run.clock.millis()));
    return begin(run, 0, started, false);
  }

  /**
   * Claims the run id of a run key: takes the run's lease and reads its journal. Empty: the key is
   * free and this engine holds the lease (the caller starts the run, or releases it). A journal:
   * the key's run exists (the lease is given back at once).
   *
   * @throws LeaseRefusedException if another engine holds the run, or claimed it at the same moment
   */
  Optional<RunHistory> claimKey(String runId) {
    leases.acquire(runId, lost -> abandon(runId, lost));
    List<JournalRecord> records;
    try {
      records = store.read(runId);
    } catch (RuntimeException e) {
      leases.release(runId);
      throw e;
    }
    if (records.isEmpty()) {
      return Optional.empty();
    }
    leases.release(runId);
    return Optional.of(RunHistory.of(records));
  }

  /** Journaling for a run resumed from its journal: the next records follow the ones read. */
  RunJournaling openResumed(Run run, RunHistory history) {
    JournalRecord.RunUpdate resumed =
        new JournalRecord.RunUpdate(
            run.runId, dev.sluice.core.engine.RunState.RUNNING, owner, Optional.empty(), Optional.empty(),
            Instant.ofEpochMilli(run.clock.millis()));
    return open(run, history.records().size(), resumed, true);
  }

  /** Takes the run's lease and writes its first record; gives the lease back if that fails. */
  private RunJournaling open(Run run, long known, JournalRecord first, boolean resumed) {
    leases.acquire(run.runId, lost -> abandon(run.runId, lost));
    return begin(run, known, first, resumed);
  }

  /** Writes the run's first record under the lease this engine holds; gives the lease back if that fails. */
  private RunJournaling begin(Run run, long known, JournalRecord first, boolean resumed) {
    RunJournaling journaling = new RunJournaling(run, this, writer.open(run.runId, known), first, resumed);
    runs.put(run.runId, run);
    try {
      journaling.begin();
    } catch (RuntimeException e) {
      forget(run, true);
      throw e;
    }
    return journaling;
  }

  /** The attempt chain's link before the executor: remote attempts wait for the journal. */
  TaskInterceptor.Chain barrier(TaskInterceptor.Chain next) {
    return attempt -> {
      Run run = engine.runsLocally(attempt.task()) ? null : runs.get(attempt.runId());
      if (run != null && run.journaling != null) {
        return run.journaling.beforeSubmitting(() -> next.proceed(attempt));
      }
      return next.proceed(attempt);
    };
  }

  /**
   * The run's journal cannot be written, another engine wrote it, or its lease was lost: stop
   * driving it. The lease is given up only in the first case (another engine may then resume the
   * run at once); a lost or contested lease is left alone.
   */
  private void abandon(String runId, RuntimeException why) {
    Run run = runs.get(runId);
    if (run != null && run.journaling != null) {
      boolean contested = why instanceof LeaseRefusedException || why instanceof JournalConflictException;
      run.journaling.abandon(why, !contested);
    }
  }

  /** The run ended or was abandoned: stop holding its lease. */
  void forget(Run run, boolean release) {
    runs.remove(run.runId, run);
    if (release) {
      leases.release(run.runId);
    } else {
      leases.forget(run.runId);
    }
  }

  /**
   * Cancels the runs this engine holds that another process asked to cancel through the store
   * ({@code RunJournal.requestCancel}); one listing per look, none while it holds no run.
   */
  private void honourCancelRequests() {
    if (runs.isEmpty()) {
      return;
    }
    try {
      CancelRequests requests = new CancelRequests(engine.store());
      for (CancelRequests.Request r : requests.all().values()) {
        Run run = runs.get(r.runId());
        if (run == null) {
          continue; // another engine's run, or not resumed yet
        }
        log.info("run {}: cancelled at the request of {} ({}), sent through the store at {}", r.runId(), r.by(),
            r.reason().isEmpty() ? "no reason given" : r.reason(), r.at());
        engine.activeRun(r.runId()).ifPresent(h -> h.cancel());
        requests.delete(r.runId());
      }
    } catch (RuntimeException e) {
      log.warn("looking for cancel requests failed; trying again later: {}", e.toString());
    }
  }

  private void adoptOrphans() {
    try {
      for (var orphan : journal().orphans()) {
        if (!workflows.containsKey(orphan.workflow()) || runs.containsKey(orphan.runId())) {
          continue;
        }
        try {
          engine.resume(orphan.runId());
          log.info("adopted orphaned run {} of workflow '{}' (its owner's lease lapsed: {})", orphan.runId(),
              orphan.workflow(), orphan.lease().map(l -> l.owner() + " until " + l.expires()).orElse("no lease"));
        } catch (LeaseRefusedException e) {
          log.debug("orphan {} was taken by another engine first: {}", orphan.runId(), e.getMessage());
        } catch (RuntimeException e) {
          log.warn("cannot adopt orphaned run {}: {}", orphan.runId(), e.getMessage());
        }
      }
    } catch (RuntimeException e) {
      log.warn("looking for orphaned runs failed: {}", e.toString());
    }
  }

  /** Records of restored nodes, by path, for a resumed or recovered run. */
  static Map<String, NodeHistory> byPath(List<NodeHistory> nodes) {
    Map<String, NodeHistory> out = new ConcurrentHashMap<>();
    for (NodeHistory n : nodes) {
      out.put(n.path(), n);
    }
    return out;
  }

  @Override
  public void close() {
    io.shutdown();
    try {
      if (!io.awaitTermination(10, TimeUnit.SECONDS)) {
        log.warn("journal writes still pending after 10 s; the journal may lack the last transitions");
        io.shutdownNow();
      }
      // The store commits appends on its own threads (group commit): wait for those in flight and
      // what they complete (a run's end filed, its lease released), so nothing is written after close.
      if (!writer.awaitIdle(Duration.ofSeconds(10))) {
        log.warn("journal appends still in flight after 10 s; the journal may lack the last transitions");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      leases.close();
    }
  }
}
