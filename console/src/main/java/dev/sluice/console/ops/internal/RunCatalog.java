package dev.sluice.console.ops.internal;

import dev.sluice.console.ops.OperationException;
import dev.sluice.console.ops.RunFilter;
import dev.sluice.core.engine.RunState;
import dev.sluice.core.journal.RunJournal;
import dev.sluice.core.journal.RunQuery;
import dev.sluice.core.journal.RunSummary;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run index in memory: every run's summary, sorted newest first, so that a page of a listing
 * costs the runs it walks past, not a read of the store. The newest {@link #FIRST} runs are loaded
 * at once ({@link #loadNewest}: the store lists newest first, so that reads about as many entries),
 * every run later ({@link #rescan}); until then a page that reaches past the newest runs is read from
 * the store. Unfinished runs are re-read by {@link #refresh} (the store's unfinished-run listing,
 * which does not read ended runs), and runs this process starts are added as they start ({@link #put}).
 */
final class RunCatalog {
  private static final Logger log = LoggerFactory.getLogger("dev.sluice.console");
  /** Newest first, then by id; the page token is the last row's position in this order. */
  static final Comparator<RunSummary> ORDER =
      Comparator.comparing(RunSummary::started).reversed().thenComparing(RunSummary::runId);

  private final RunJournal journal;
  private final Map<String, RunSummary> byId = new ConcurrentHashMap<>();
  private final NavigableSet<RunSummary> sorted = new ConcurrentSkipListSet<>(ORDER);
  /** How many runs {@link #loadNewest} reads. */
  static final int FIRST = 1000;
  private final int first;
  /** Every run is indexed (a {@link #rescan} ended). */
  private volatile boolean complete;
  /** The oldest run {@link #loadNewest} read: pages that stop before it are whole; empty: all read. */
  private volatile Optional<RunSummary> boundary = Optional.empty();

  RunCatalog(RunJournal journal) {
    this(journal, FIRST);
  }

  RunCatalog(RunJournal journal, int first) {
    this.journal = journal;
    this.first = first;
  }

  /** Reads the newest runs ({@link #FIRST} unless told), and the unfinished ones. */
  synchronized void loadNewest() {
    List<RunSummary> newest = journal.runs(RunQuery.builder().limit(first).build());
    newest.forEach(this::put);
    if (!complete) {
      boundary = newest.size() < first ? Optional.empty() : Optional.of(newest.get(newest.size() - 1));
      complete = newest.size() < first;
    }
    refresh();
  }

  boolean complete() {
    return complete;
  }

  /** Reads every run's summary again. */
  synchronized void rescan() {
    List<RunSummary> all = journal.runs(RunQuery.builder().limit(Integer.MAX_VALUE).build());
    Set<String> seen = new HashSet<>();
    for (RunSummary s : all) {
      put(s);
      seen.add(s.runId());
    }
    for (String id : List.copyOf(byId.keySet())) {
      if (!seen.contains(id)) {
        RunSummary gone = byId.remove(id);
        if (gone != null) {
          sorted.remove(gone);
        }
      }
    }
    complete = true;
    boundary = Optional.empty();
  }

  /** Re-reads unfinished runs: new ones are added; those that ended since get their final summary. */
  synchronized void refresh() {
    Set<String> running = new HashSet<>();
    for (RunSummary s : journal.runs(RunQuery.builder().states(RunState.RUNNING).limit(Integer.MAX_VALUE).build())) {
      put(s);
      running.add(s.runId());
    }
    for (RunSummary s : List.copyOf(byId.values())) {
      if (!s.state().isTerminal() && !running.contains(s.runId())) {
        try {
          put(journal.history(s.runId()).summary(Optional.empty()));
        } catch (RuntimeException e) {
          log.debug("run {} left the unfinished runs but could not be read: {}", s.runId(), e.toString());
        }
      }
    }
  }

  void put(RunSummary s) {
    RunSummary old = byId.put(s.runId(), s);
    if (old != null) {
      sorted.remove(old);
    }
    sorted.add(s);
  }

  /** The unfinished runs, newest first, at most {@code limit}. */
  List<RunSummary> unfinished(int limit) {
    List<RunSummary> out = new ArrayList<>();
    for (RunSummary s : sorted) {
      if (out.size() == limit) {
        break;
      }
      if (!s.state().isTerminal()) {
        out.add(s);
      }
    }
    return out;
  }

  Optional<RunSummary> get(String runId) {
    return Optional.ofNullable(byId.get(runId));
  }

  int size() {
    return byId.size();
  }

  /** One page: the runs matching {@code f} after its page token, and whether more may follow. */
  Page page(RunFilter f) {
    NavigableSet<RunSummary> from = sorted;
    Optional<RunSummary> cursor = f.after().map(RunCatalog::cursor);
    if (cursor.isPresent()) {
      from = sorted.tailSet(cursor.get(), false);
    }
    Optional<RunSummary> edge = boundary;
    if (edge.isPresent()) {
      if (cursor.isPresent() && ORDER.compare(cursor.get(), edge.get()) >= 0) {
        return fromStore(f, cursor); // past the loaded runs
      }
      from = from.headSet(edge.get(), true);
    }
    Page page = walk(f, from);
    if (edge.isEmpty() || page.next().isPresent()) {
      return page;
    }
    return fromStore(f, cursor); // the loaded runs ran out before the page was full: ask the store
  }

  /** A page read from the store's newest-first listing, while the index is still loading. */
  private Page fromStore(RunFilter f, Optional<RunSummary> cursor) {
    RunQuery.Builder q = RunQuery.builder().limit(f.limit() + 1 + 20);
    f.workflow().ifPresent(q::workflow);
    q.states(f.states().toArray(RunState[]::new));
    f.labels().forEach(q::label);
    f.startedFrom().ifPresent(q::startedFrom);
    Optional<java.time.Instant> before = f.startedBefore();
    if (cursor.isPresent()) { // runs of the cursor's instant may follow it (by id): include that instant
      java.time.Instant c = cursor.get().started().plusNanos(1);
      before = Optional.of(before.filter(b -> b.isBefore(c)).orElse(c));
    }
    before.ifPresent(q::startedBefore);
    List<RunSummary> got = journal.runs(q.build()).stream()
        .filter(s -> cursor.isEmpty() || ORDER.compare(s, cursor.get()) > 0).toList();
    List<RunSummary> out = got.subList(0, Math.min(f.limit(), got.size()));
    return new Page(List.copyOf(out), got.size() > f.limit() ? Optional.of(token(out.get(out.size() - 1))) : Optional.empty());
  }

  private static Page walk(RunFilter f, NavigableSet<RunSummary> from) {
    List<RunSummary> out = new ArrayList<>(f.limit());
    boolean more = false;
    for (RunSummary s : from) {
      if (!matches(f, s)) {
        continue;
      }
      if (out.size() == f.limit()) {
        more = true;
        break;
      }
      out.add(s);
    }
    Optional<String> next =
        more ? Optional.of(token(out.get(out.size() - 1))) : Optional.empty();
    return new Page(out, next);
  }

  record Page(List<RunSummary> runs, Optional<String> next) {}

  private static boolean matches(RunFilter f, RunSummary s) {
    if (f.workflow().isPresent() && !f.workflow().get().equals(s.workflow())) {
      return false;
    }
    if (!f.states().isEmpty() && !f.states().contains(s.state())) {
      return false;
    }
    if (f.startedFrom().isPresent() && s.started().isBefore(f.startedFrom().get())) {
      return false;
    }
    if (f.startedBefore().isPresent() && !s.started().isBefore(f.startedBefore().get())) {
      return false;
    }
    for (Map.Entry<String, String> l : f.labels().entrySet()) {
      if (!l.getValue().equals(s.labels().get(l.getKey()))) {
        return false;
      }
    }
    return true;
  }

  /** {@code <epoch millis>.<nanos>~<run id>}: where a page ended. */
  static String token(RunSummary s) {
    return s.started().getEpochSecond() + "." + s.started().getNano() + "~" + s.runId();
  }

  private static RunSummary cursor(String token) {
    int tilde = token.indexOf('~');
    int dot = token.indexOf('.');
    if (tilde < 0 || dot < 0 || dot > tilde) {
      throw new OperationException(
          OperationException.Kind.INVALID,
          "page token '" + token + "' is not one this server gave; start again without it");
    }
    try {
      Instant at =
          Instant.ofEpochSecond(
              Long.parseLong(token.substring(0, dot)), Long.parseLong(token.substring(dot + 1, tilde)));
      String runId = token.substring(tilde + 1);
      return new RunSummary(
          runId, "", "", RunState.RUNNING, at, Optional.empty(), Map.of(),
          dev.sluice.core.journal.Origin.user(""), Optional.empty());
    } catch (RuntimeException e) {
      throw new OperationException(
          OperationException.Kind.INVALID,
          "page token '" + token + "' is not one this server gave; start again without it");
    }
  }
}
