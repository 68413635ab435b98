package dev.sluice.testing.kubernetes.internal;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The mock API server's front door: counts the requests of clients other than the simulator's
 * own, authorizes them against the Roles given ({@link RoleRules}; all allowed when none), answers
 * injected faults (the next N requests fail, a verb on a resource is forbidden), refuses a Job the
 * API server would find invalid ({@link JobValidation}) and
 * serves container logs from the simulated pods; everything else goes to fabric8's CRUD
 * dispatcher, whose watches close off the event loop ({@link OffLoopClose}).
 */
final class ApiGate extends Dispatcher {
  static final String SIMULATOR_AGENT = "sluice-job-simulator";
  /** Who the clients under test are, in refusals: a service account, as in a pod. */
  static final String USER_PREFIX = "system:serviceaccount:";

  private final Dispatcher crud;
  private final String namespace;
  private final LogBook logs;
  private final RoleRules roles;
  private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
  private final Set<String> denied = ConcurrentHashMap.newKeySet();
  private final AtomicInteger failures = new AtomicInteger();
  private volatile int failureStatus = 503;
  private final ExecutorService closer = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "sluice-sim-watch-close");
    t.setDaemon(true);
    return t;
  });

  /** {@code roles}: null to allow every request. */
  ApiGate(Dispatcher crud, String namespace, LogBook logs, RoleRules roles) {
    this.crud = crud;
    this.namespace = namespace;
    this.logs = logs;
    this.roles = roles;
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    ApiCall call = ApiCall.of(request.getMethod(), request.getPath());
    if (!SIMULATOR_AGENT.equals(request.getHeader("User-Agent"))) {
      counts.computeIfAbsent(call.key(), k -> new AtomicInteger()).incrementAndGet();
      if (denied.contains(call.key()) || (roles != null && !roles.allows(call))) {
        return status(RoleRules.forbidden(call, USER_PREFIX + namespace + ":sluice"));
      }
      if (!call.verb().equals("watch") && failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        return status(failureStatus, "ServiceUnavailable", "simulated API failure (" + failureStatus + ")");
      }
    }
    if (call.resource().equals("jobs") && call.verb().equals("create") && request.getBody() != null) {
      // getBytes() leaves the body for the CRUD dispatcher (readUtf8() would consume it)
      Optional<Status> invalid = JobValidation.invalid(
          Serialization.unmarshal(new String(request.getBody().getBytes(), StandardCharsets.UTF_8), Job.class));
      if (invalid.isPresent()) {
        return status(invalid.get());
      }
    }
    if (call.resource().equals("pods/log") && call.verb().equals("get")) {
      return logs.text(call.name(), call.queryInt("tailLines"))
          .map(text -> new MockResponse().setResponseCode(200).setHeader("Content-Type", "text/plain").setBody(text))
          .orElseGet(() -> status(404, "NotFound", "pods \"" + call.name() + "\" not found"));
    }
    MockResponse response = crud.dispatch(request);
    WebSocketListener watch = response.getWebSocketListener();
    if (watch != null) {
      response.withWebSocketUpgrade(new OffLoopClose(watch, closer));
    }
    return response;
  }

  void failNext(int count, int status) {
    failureStatus = status;
    failures.set(count);
  }

  void deny(String verb, String resource) {
    denied.add(verb + " " + resource);
  }

  Map<String, Integer> counts() {
    Map<String, Integer> copy = new TreeMap<>();
    counts.forEach((k, v) -> copy.put(k, v.get()));
    return copy;
  }

  void resetCounts() {
    counts.clear();
  }

  private static MockResponse status(int code, String reason, String message) {
    return status(new StatusBuilder().withStatus("Failure").withCode(code).withReason(reason).withMessage(message).build());
  }

  private static MockResponse status(Status status) {
    return new MockResponse().setResponseCode(status.getCode()).setHeader("Content-Type", "application/json")
        .setBody(Serialization.asJson(status));
  }

  @Override
  public void shutdown() {
    closer.shutdown();
    crud.shutdown();
  }
}
