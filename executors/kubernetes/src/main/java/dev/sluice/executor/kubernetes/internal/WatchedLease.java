package dev.sluice.executor.kubernetes.internal;

import dev.sluice.executor.kubernetes.KubernetesApiException;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaderElectionRecord;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.Lock;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * fabric8's {@link LeaseLock} with its failures made visible. fabric8's elector (7.9.0, {@code
 * LeaderElector}) logs a failed renewal as one more "retrying" warning and, once the renew deadline
 * passes, just stops leading; a 403 on every renewal looked like a replica that leads for a moment
 * and then never again. Every failed call is handed to {@code onProblem} as a {@link
 * KubernetesApiException} naming the verb the server refused, except a 409 Conflict (another replica
 * wrote first: the normal race); a successful write calls {@code onWritten}.
 *
 * <p>The verbs are fabric8's ({@code ResourceLock}, kubernetes-client-api 7.9.0): {@code get} reads
 * the Lease, {@code create} makes it, and {@code update} sends a JSON merge <b>PATCH</b>
 * ({@code resource(...).patch(PatchContext.of(PatchType.JSON_MERGE))}), so RBAC must allow {@code
 * patch}; {@code update} is never used.
 */
final class WatchedLease implements Lock {
  private final LeaseLock lease;
  private final String namespace;
  private final Consumer<KubernetesApiException> onProblem;
  private final Runnable onWritten;

  WatchedLease(LeaseLock lease, String namespace, Consumer<KubernetesApiException> onProblem, Runnable onWritten) {
    this.lease = lease;
    this.namespace = namespace;
    this.onProblem = onProblem;
    this.onWritten = onWritten;
  }

  @Override
  public LeaderElectionRecord get(KubernetesClient client) {
    return call("get", () -> lease.get(client));
  }

  @Override
  public void create(KubernetesClient client, LeaderElectionRecord record) {
    call("create", () -> {
      lease.create(client, record);
      return null;
    });
    onWritten.run();
  }

  @Override
  public void update(KubernetesClient client, LeaderElectionRecord record) {
    call("patch", () -> {
      lease.update(client, record);
      return null;
    });
    onWritten.run();
  }

  @Override
  public String identity() {
    return lease.identity();
  }

  @Override
  public String describe() {
    return lease.describe();
  }

  private <T> T call(String verb, Supplier<T> call) {
    try {
      return call.get();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        onProblem.accept(problem(verb, e));
      }
      throw e;
    }
  }

  private KubernetesApiException problem(String verb, KubernetesClientException e) {
    String where = verb + " leases in namespace '" + namespace + "'";
    String said = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage();
    if (e.getCode() == 403) {
      return new KubernetesApiException("Kubernetes refused to " + where + " (403 Forbidden): the service account lacks '"
          + verb + "' on 'leases' (API group coordination.k8s.io), so this replica cannot take or renew the Lease and no"
          + " trigger fires while it cannot. Fix: grant get, create and patch on leases in a Role bound to the account"
          + " (see the RBAC section of docs/kubernetes.md). Server said: " + said, namespace, verb, "leases", 403, e);
    }
    return new KubernetesApiException("could not " + where + (e.getCode() > 0 ? " (HTTP " + e.getCode() + ")" : "")
        + ": " + said, namespace, verb, "leases", e.getCode(), e);
  }
}
