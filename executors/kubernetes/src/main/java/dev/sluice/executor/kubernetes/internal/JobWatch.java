package dev.sluice.executor.kubernetes.internal;

import dev.sluice.executor.kubernetes.KubernetesApiException;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The executor's two watches, whatever the number of Jobs: one informer on its Jobs and one on
 * their pods, both selected by the executor's instance label. Events go to the attempt's tracker;
 * the caches answer "does this Job exist" and "what is its latest pod" without an API call.
 */
final class JobWatch implements AutoCloseable {
  private static final String BY_JOB = "job";

  private final String namespace;
  private final SharedIndexInformer<Job> jobs;
  private final SharedIndexInformer<Pod> pods;

  JobWatch(KubernetesClient client, String namespace, String instance, Function<String, JobTracker> trackers) {
    this.namespace = namespace;
    this.jobs = client.batch().v1().jobs().inNamespace(namespace).withLabel(Labels.EXECUTOR, instance).runnableInformer(0);
    this.pods = client.pods().inNamespace(namespace).withLabel(Labels.EXECUTOR, instance).runnableInformer(0);
    pods.addIndexers(Map.of(BY_JOB, pod -> {
      String job = ownerJob(pod);
      return job == null ? List.of() : List.of(job);
    }));
    jobs.addEventHandler(new Handler<>(trackers, j -> j.getMetadata().getName(),
        (t, j) -> t.inContext(() -> t.onJob(j)), (t, j) -> t.inContext(t::onJobDeleted)));
    pods.addEventHandler(new Handler<>(trackers, JobWatch::ownerJob,
        (t, p) -> t.inContext(() -> t.onPod(p)), (t, p) -> t.inContext(() -> t.onPodDeleted(p))));
  }

  /** Starts both informers and waits for their first listing. */
  void start(Duration timeout) {
    await(jobs, "jobs", timeout);
    await(pods, "pods", timeout);
  }

  /** Reports an informer that stopped with an error (e.g. its permission was revoked). */
  void onFailure(Consumer<KubernetesApiException> failure) {
    jobs.stopped().whenComplete((v, e) -> {
      if (e != null) {
        failure.accept(translate(e, "jobs"));
      }
    });
    pods.stopped().whenComplete((v, e) -> {
      if (e != null) {
        failure.accept(translate(e, "pods"));
      }
    });
  }

  private void await(SharedIndexInformer<?> informer, String resource, Duration timeout) {
    try {
      informer.start().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      informer.stop();
      throw new KubernetesApiException("the watch on " + resource + " in namespace '" + namespace
          + "' did not list its first items within " + timeout.toSeconds() + " s; is the API server reachable?",
          namespace, "watch", resource, 0, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      informer.stop();
      throw new IllegalStateException("interrupted while starting the watch on " + resource, e);
    } catch (Exception e) {
      informer.stop();
      throw translate(e, resource);
    }
  }

  private KubernetesApiException translate(Throwable e, String resource) {
    Throwable cause = KubeApi.unwrap(e);
    int code = cause instanceof KubernetesClientException k ? k.getCode() : 0;
    if (code == 403) {
      return new KubernetesApiException("Kubernetes refused to list and watch " + resource + " in namespace '"
          + namespace + "' (403 Forbidden): the service account lacks 'list' and 'watch' on '" + resource
          + "'. Fix: grant them in a Role bound to the account (see the RBAC section of docs/kubernetes.md)",
          namespace, "watch", resource, 403, cause);
    }
    return new KubernetesApiException("the watch on " + resource + " in namespace '" + namespace + "' failed: "
        + cause.getMessage(), namespace, "watch", resource, code, cause);
  }

  /** The Job with this name, as last seen, or null. */
  Job job(String name) {
    return jobs.getStore().getByKey(namespace + "/" + name);
  }

  /** The newest pod of the Job, or null. */
  Pod latestPod(String jobName) {
    return pods.getIndexer().byIndex(BY_JOB, jobName).stream()
        .max(Comparator.comparing((Pod p) -> String.valueOf(p.getMetadata().getCreationTimestamp()))
            .thenComparing(p -> p.getMetadata().getName()))
        .orElse(null);
  }

  /** The Job that controls the pod: its controller reference, else the job-name labels. */
  static String ownerJob(Pod pod) {
    List<OwnerReference> owners = pod.getMetadata().getOwnerReferences();
    if (owners != null) {
      for (OwnerReference o : owners) {
        if ("Job".equals(o.getKind()) && Boolean.TRUE.equals(o.getController())) {
          return o.getName();
        }
      }
    }
    Map<String, String> labels = pod.getMetadata().getLabels();
    if (labels == null) {
      return null;
    }
    String name = labels.get("batch.kubernetes.io/job-name");
    return name != null ? name : labels.get("job-name");
  }

  @Override
  public void close() {
    jobs.stop();
    pods.stop();
  }

  /** Routes informer events to the tracker of the Job they concern, if this executor tracks it. */
  private static final class Handler<T extends HasMetadata> implements ResourceEventHandler<T> {
    private final Function<String, JobTracker> trackers;
    private final Function<T, String> jobName;
    private final java.util.function.BiConsumer<JobTracker, T> changed;
    private final java.util.function.BiConsumer<JobTracker, T> deleted;

    Handler(Function<String, JobTracker> trackers, Function<T, String> jobName,
        java.util.function.BiConsumer<JobTracker, T> changed, java.util.function.BiConsumer<JobTracker, T> deleted) {
      this.trackers = trackers;
      this.jobName = jobName;
      this.changed = changed;
      this.deleted = deleted;
    }

    @Override
    public void onAdd(T obj) {
      route(obj, changed);
    }

    @Override
    public void onUpdate(T oldObj, T newObj) {
      route(newObj, changed);
    }

    @Override
    public void onDelete(T obj, boolean deletedFinalStateUnknown) {
      route(obj, deleted);
    }

    private void route(T obj, java.util.function.BiConsumer<JobTracker, T> action) {
      String name = jobName.apply(obj);
      JobTracker tracker = name == null ? null : trackers.apply(name);
      if (tracker != null) {
        action.accept(tracker, obj);
      }
    }
  }
}
