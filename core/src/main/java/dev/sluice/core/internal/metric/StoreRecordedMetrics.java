package dev.sluice.core.internal.metric;

import dev.sluice.core.metric.RecordedMetrics;
import dev.sluice.core.metric.RecordedSample;
import dev.sluice.core.spi.ArtifactStore;
import dev.sluice.core.spi.ObjectNotFoundException;
import dev.sluice.core.spi.StoredObject;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/** {@link RecordedMetrics} over a store's time index, one listing per UTC day in the window. */
public final class StoreRecordedMetrics implements RecordedMetrics {
  private static final int STAMP_DIGITS = 13;
  private static final Comparator<RecordedSample> BY_TIME =
      Comparator.comparing((RecordedSample r) -> r.sample().time());

  private final ArtifactStore store;

  public StoreRecordedMetrics(ArtifactStore store) {
    this.store = Objects.requireNonNull(store, "store");
  }

  /** Epoch milliseconds, zero-padded so that keys sort by time. */
  public static String stamp(Instant time) {
    String millis = Long.toString(Math.max(0, time.toEpochMilli()));
    return "0".repeat(Math.max(0, STAMP_DIGITS - millis.length())) + millis;
  }

  /** The epoch milliseconds a key under {@code prefix} starts with; -1 for a key not written here. */
  public static long stampOf(String key, String prefix) {
    String rest = key.substring(prefix.length());
    if (rest.length() < STAMP_DIGITS) {
      return -1;
    }
    for (int i = 0; i < STAMP_DIGITS; i++) {
      if (!Character.isDigit(rest.charAt(i))) {
        return -1;
      }
    }
    return Long.parseLong(rest.substring(0, STAMP_DIGITS));
  }

  static String dayPrefix(String name, Instant time) {
    return "metrics/" + name + "/" + LocalDate.ofInstant(time, ZoneOffset.UTC) + "/";
  }

  @Override
  public List<RecordedSample> query(String name, Map<String, String> labels, Instant from, Instant to) {
    MetricNames.checkName(name);
    Objects.requireNonNull(labels, "labels");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    List<RecordedSample> found = new ArrayList<>();
    if (!from.isBefore(to)) {
      return found;
    }
    long fromMillis = from.toEpochMilli();
    long toMillis = to.toEpochMilli();
    LocalDate last = LocalDate.ofInstant(to.minusNanos(1), ZoneOffset.UTC);
    for (LocalDate day = LocalDate.ofInstant(from, ZoneOffset.UTC); !day.isAfter(last); day = day.plusDays(1)) {
      String prefix = "metrics/" + name + "/" + day + "/";
      List<String> keys;
      try (Stream<StoredObject> objects = store.listAll(prefix)) {
        keys = objects.map(StoredObject::key).toList();
      }
      for (String key : keys) {
        long millis = stampOf(key, prefix);
        if (millis < fromMillis || millis > toMillis) {
          continue; // keys hold milliseconds; the exact time is checked below
        }
        RecordedSample s = readIfPresent(key);
        Instant t = s == null ? null : s.sample().time();
        if (t != null && !t.isBefore(from) && t.isBefore(to) && matches(s, labels)) {
          found.add(s);
        }
      }
    }
    found.sort(BY_TIME);
    return found;
  }

  @Override
  public List<RecordedSample> ofRun(String runId) {
    Objects.requireNonNull(runId, "runId");
    String prefix = "runs/" + runId + "/metrics/";
    List<String> keys;
    try (Stream<StoredObject> objects = store.listAll(prefix)) {
      keys = objects.map(StoredObject::key).toList();
    }
    List<RecordedSample> found = new ArrayList<>();
    for (String key : keys) {
      RecordedSample s = readIfPresent(key);
      if (s != null) {
        found.add(s);
      }
    }
    found.sort(BY_TIME);
    return found;
  }

  /** Null if the object was deleted between listing and reading. */
  private RecordedSample readIfPresent(String key) {
    try {
      return SampleJson.read(store, key);
    } catch (ObjectNotFoundException gone) {
      return null;
    }
  }

  private static boolean matches(RecordedSample s, Map<String, String> labels) {
    Map<String, String> have = s.sample().labels();
    for (Map.Entry<String, String> want : labels.entrySet()) {
      if (!want.getValue().equals(have.get(want.getKey()))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return "metrics recorded in " + store.root();
  }
}
