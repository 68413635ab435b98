package dev.sluice.executor.ray.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.executor.ray.RayConfig;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows every job of one executor with one {@code GET /api/jobs/} per tick (as the Kubernetes
 * executor uses one watch for all its Jobs), so the requests to the dashboard do not grow with the
 * jobs in flight and a job's end is seen within one poll interval. A tick runs only while some job
 * is followed, and never more than one list is in flight: a list that is slow to answer (a
 * long-lived cluster keeps every job's record) is asked for again only once it has been answered. A followed job missing from a list is looked up alone ({@code GET /api/jobs/{id}}): a 404
 * means Ray no longer has it. A dashboard that refuses the list (or answers with something else
 * than a JSON list) is polled job by job instead, at most once a second.
 */
final class JobWatch {
  private static final Logger log = LoggerFactory.getLogger("dev.sluice.ray");
  /** The slowest tick: per-job polling, or only stopped jobs followed in the background. */
  static final Duration SLOW_TICK = Duration.ofSeconds(1);

  /** What the watch tells a followed job. Called on a request thread; must not block. */
  interface Follower {
    /** The job's details from the latest list (or a lookup of its own). */
    void onDetails(JobDetails details);

    /** Ray no longer has the job ({@code 404}: deleted, or the cluster lost its GCS). */
    void onGone();

    /** The dashboard refused to tell, or stayed away longer than the tolerated outage. */
    void onLost(Throwable error);
  }

  private record Entry(Follower follower, boolean background, long since) {}

  private final RayConfig config;
  private final DashboardClient client;
  private final ScheduledExecutorService scheduler;
  private final ObjectMapper json;
  private final Map<String, Entry> followed = new ConcurrentHashMap<>();
  private boolean ticking;
  private boolean closed;
  private volatile boolean perJob;
  private volatile boolean warnedUnreadable;
  private long unavailableSince = -1;

  JobWatch(RayConfig config, DashboardClient client, ScheduledExecutorService scheduler, ObjectMapper json) {
    this.config = config;
    this.client = client;
    this.scheduler = scheduler;
    this.json = json;
  }

  /** Follows job {@code id} from the next tick on (replacing whoever followed it). */
  void follow(String id, Follower follower, boolean background) {
    boolean wasClosed;
    synchronized (this) {
      wasClosed = closed;
      if (!closed) {
        followed.put(id, new Entry(follower, background, System.nanoTime()));
        if (ticking) {
          return;
        }
        ticking = true;
      }
    }
    if (wasClosed) {
      follower.onLost(closedError());
      return;
    }
    schedule(config.poll().toMillis());
  }

  /** Stops following {@code id} if {@code follower} still follows it. */
  void unfollow(String id, Follower follower) {
    followed.computeIfPresent(id, (k, e) -> e.follower() == follower ? null : e);
  }

  /** The ids of the jobs followed in the background (stopped by Sluice, not yet ended on Ray). */
  List<String> background() {
    return followed.entrySet().stream().filter(e -> e.getValue().background()).map(Map.Entry::getKey).sorted().toList();
  }

  /** Ends the ticks; the jobs still followed are no longer looked at and their followers are told so. */
  void close() {
    List<Follower> left;
    synchronized (this) {
      closed = true;
      left = followed.values().stream().map(Entry::follower).toList();
      followed.clear();
    }
    left.forEach(f -> f.onLost(closedError()));
  }

  private static IllegalStateException closedError() {
    return new IllegalStateException("the Ray executor was closed; the job is no longer followed");
  }

  private void schedule(long delayMs) {
    scheduler.schedule(this::tick, Math.max(1, delayMs), TimeUnit.MILLISECONDS);
  }

  private void tick() {
    synchronized (this) {
      if (closed || followed.isEmpty()) {
        ticking = false;
        return;
      }
    }
    long sent = System.nanoTime();
    CompletableFuture<Void> done = perJob ? lookUpEach(sent) : list(sent);
    done.whenComplete((ok, error) -> next(System.nanoTime() - sent));
  }

  /** One list for every followed job. */
  private CompletableFuture<Void> list(long sent) {
    return client.call("GET", "/api/jobs/", null).handle((reply, error) -> {
      if (error == null) {
        recovered();
        if (!dispatch(reply.body(), sent)) {
          fallBack("it answered GET /api/jobs/ with something else than a JSON list");
        }
      } else if (DashboardClient.isTransient(error)) {
        outage(error);
      } else {
        fallBack("it refused GET /api/jobs/ (" + DashboardClient.unwrap(error).getMessage() + ")");
      }
      return null;
    });
  }

  /** Hands each followed job its details; false if the body is not a list of job details. */
  private boolean dispatch(String body, long sent) {
    JobDetails[] jobs;
    try {
      jobs = json.readValue(body, JobDetails[].class);
    } catch (IOException e) {
      return false;
    }
    Set<String> seen = new HashSet<>();
    for (JobDetails details : jobs) {
      Entry entry = details.submissionId() == null ? null : followed.get(details.submissionId());
      if (entry != null) {
        seen.add(details.submissionId());
        entry.follower().onDetails(details);
      }
    }
    followed.forEach((id, entry) -> {
      if (!seen.contains(id) && entry.since() < sent) {
        lookUp(id, entry.follower()); // followed before the list was asked for, yet not in it
      }
    });
    return true;
  }

  private CompletableFuture<Void> lookUpEach(long sent) {
    List<CompletableFuture<Void>> lookups = new ArrayList<>();
    followed.forEach((id, entry) -> lookups.add(lookUp(id, entry.follower())));
    return CompletableFuture.allOf(lookups.toArray(CompletableFuture[]::new));
  }

  /** {@code GET /api/jobs/{id}} for one job. */
  private CompletableFuture<Void> lookUp(String id, Follower follower) {
    String path = "/api/jobs/" + URLEncoder.encode(id, StandardCharsets.UTF_8);
    return client.call("GET", path, null).handle((reply, error) -> {
      if (error == null) {
        recovered();
        try {
          follower.onDetails(json.readValue(reply.body(), JobDetails.class));
        } catch (IOException e) {
          if (!warnedUnreadable) {
            warnedUnreadable = true;
            log.warn("{}: unreadable job details from the dashboard ({}); following on", id, e.getMessage());
          }
        }
      } else if (DashboardClient.status(error) == 404) {
        unfollow(id, follower);
        follower.onGone();
      } else if (DashboardClient.isTransient(error)) {
        outage(error);
      } else {
        unfollow(id, follower);
        follower.onLost(client.refusal("follow Ray job " + id, error));
      }
      return null;
    });
  }

  private void fallBack(String why) {
    if (!perJob) {
      perJob = true;
      log.warn("Ray dashboard {}: {}; following each job with GET /api/jobs/{{id}} instead, every {}",
          config.address(), why, SLOW_TICK);
    }
  }

  /** A failed tick: after the tolerated outage, every followed job is told and dropped. */
  private void outage(Throwable error) {
    long now = System.nanoTime();
    boolean lost;
    synchronized (this) {
      if (unavailableSince < 0) {
        unavailableSince = now;
      }
      lost = now - unavailableSince >= config.dashboard().unavailableTimeout().toNanos();
      if (lost) {
        unavailableSince = -1;
      }
    }
    if (lost) {
      followed.forEach((id, entry) -> {
        unfollow(id, entry.follower());
        entry.follower().onLost(client.refusal("follow Ray job " + id, error));
      });
    }
  }

  private synchronized void recovered() {
    unavailableSince = -1;
  }

  /** Schedules the next tick ({@code elapsedNanos} after this one started), or stops when nothing is followed. */
  private void next(long elapsedNanos) {
    boolean onlyBackground = followed.values().stream().allMatch(Entry::background);
    synchronized (this) {
      if (closed || followed.isEmpty()) {
        ticking = false;
        return;
      }
    }
    long interval = perJob || onlyBackground ? Math.max(config.poll().toMillis(), SLOW_TICK.toMillis()) : config.poll().toMillis();
    schedule(interval - TimeUnit.NANOSECONDS.toMillis(elapsedNanos));
  }
}
