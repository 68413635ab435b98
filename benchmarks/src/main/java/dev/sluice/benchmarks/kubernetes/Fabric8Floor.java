package dev.sluice.benchmarks.kubernetes;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.net.URI;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The floor of the Kubernetes overhead measurement: the least a program can do to run {@code N}
 * Jobs with fabric8 — create them from 8 threads (the executor's default API threads) and count
 * them Complete through one informer — with no engine, store, staging or error mapping.
 */
final class Fabric8Floor implements AutoCloseable {
  private final KubernetesClient client;
  private final String namespace;
  private final URI store;
  private final ExecutorService pool = Executors.newFixedThreadPool(8);
  private final SharedIndexInformer<Job> informer;
  private final Set<String> complete = ConcurrentHashMap.newKeySet();
  private volatile CountDownLatch pending = new CountDownLatch(0);

  Fabric8Floor(Path kubeconfig, String namespace, URI store) {
    this.client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(null, kubeconfig.toFile())).build();
    this.namespace = namespace;
    this.store = store;
    this.informer = client.batch().v1().jobs().inNamespace(namespace).withLabel("bench", "floor")
        .inform(new ResourceEventHandler<>() {
          @Override
          public void onAdd(Job job) {
            seen(job);
          }

          @Override
          public void onUpdate(Job before, Job after) {
            seen(after);
          }

          @Override
          public void onDelete(Job job, boolean unknown) {}
        }, 0);
  }

  private void seen(Job job) {
    if (job.getStatus() != null && job.getStatus().getSucceeded() != null && job.getStatus().getSucceeded() > 0
        && complete.add(job.getMetadata().getName())) {
      pending.countDown();
    }
  }

  /** Creates {@code jobs} Jobs and returns when all are Complete. */
  void run(int jobs, String round) throws InterruptedException {
    complete.clear();
    pending = new CountDownLatch(jobs);
    for (int i = 0; i < jobs; i++) {
      String name = "floor-" + round + "-" + i;
      String outputs = store + "floor/" + round + "/" + i + "/outputs.json";
      pool.execute(() -> client.batch().v1().jobs().inNamespace(namespace).resource(job(name, outputs)).create());
    }
    if (!pending.await(5, TimeUnit.MINUTES)) {
      throw new IllegalStateException(pending.getCount() + " floor Jobs never completed");
    }
  }

  private Job job(String name, String outputs) {
    return new JobBuilder()
        .withNewMetadata().withName(name).addToLabels("bench", "floor").endMetadata()
        .withNewSpec().withBackoffLimit(0)
            .withNewTemplate().withNewSpec().withRestartPolicy("Never")
                .addNewContainer().withName("task").withImage("bench:1").withCommand("sh", "-c", "true")
                    .addNewEnv().withName("SLUICE_STORE_URI").withValue(store.toString()).endEnv()
                    .addNewEnv().withName("SLUICE_OUTPUTS_URI").withValue(outputs).endEnv()
                .endContainer()
            .endSpec().endTemplate()
        .endSpec().build();
  }

  @Override
  public void close() {
    informer.stop();
    pool.shutdownNow();
    client.close();
  }
}
