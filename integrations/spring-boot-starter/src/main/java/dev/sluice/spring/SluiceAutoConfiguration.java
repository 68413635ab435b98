package dev.sluice.spring;

import dev.sluice.core.engine.Engine;
import dev.sluice.core.engine.RunListener;
import dev.sluice.core.launch.LaunchPlan;
import dev.sluice.core.model.WorkflowDefinition;
import dev.sluice.core.spi.ArtifactStore;
import dev.sluice.core.spi.LeaderElection;
import dev.sluice.core.spi.RunStore;
import dev.sluice.core.spi.TaskExecutor;
import dev.sluice.core.spi.TaskInterceptor;
import dev.sluice.core.store.ArtifactStores;
import dev.sluice.core.store.RunStores;
import dev.sluice.core.trigger.MetricTrigger;
import dev.sluice.core.trigger.TriggerService;
import dev.sluice.spring.internal.TriggerServiceLifecycle;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * Builds the {@link Engine} (and its store, journal and trigger service) from {@link
 * SluiceProperties} and the application's beans. Every bean here backs off when the application
 * defines its own of the same type.
 */
@AutoConfiguration
@EnableConfigurationProperties(SluiceProperties.class)
public class SluiceAutoConfiguration {

  /** The artifact store at {@code sluice.store}, or in memory when unset. */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public ArtifactStore sluiceArtifactStore(SluiceProperties properties) {
    return properties.getStore() == null
        ? ArtifactStores.inMemory()
        : ArtifactStores.open(properties.getStore(), System.getenv());
  }

  /** The run journal in the store, when {@code sluice.journal=true}. */
  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnProperty(prefix = "sluice", name = "journal", havingValue = "true")
  public RunStore sluiceRunStore(ArtifactStore store) {
    return RunStores.over(store);
  }

  /** The executors of {@code sluice.executors.*}, created and checked at start-up. */
  @Bean
  @ConditionalOnMissingBean
  public ConfiguredExecutors sluiceConfiguredExecutors(SluiceProperties properties, ApplicationContext context) {
    return ConfiguredExecutors.create(properties.getExecutors(), context.getClassLoader());
  }

  /**
   * The engine: the store, journal and properties, the executors of {@code sluice.executors.*} and
   * every {@link TaskExecutor} bean under its bean name, every {@link RunListener} and {@link TaskInterceptor} bean, every {@link
   * WorkflowDefinition} bean (so journaled runs of them can be resumed), then every {@link
   * EngineCustomizer}. Closed with the application: with a journal, unfinished runs stay resumable.
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public Engine sluiceEngine(SluiceProperties properties, ArtifactStore store, ObjectProvider<RunStore> runStore,
      ConfiguredExecutors configured, Map<String, TaskExecutor> executors, ObjectProvider<RunListener> listeners,
      ObjectProvider<TaskInterceptor> interceptors, ObjectProvider<WorkflowDefinition<?, ?>> workflows,
      ObjectProvider<EngineCustomizer> customizers) {
    Engine.Builder builder = Engine.builder().store(store).leaseTtl(properties.getLeaseTtl())
        .adoptOrphans(properties.isAdoptOrphans());
    if (properties.getParallelism() != null) {
      builder.parallelism(properties.getParallelism());
    }
    runStore.ifAvailable(builder::runStore);
    try {
      configured.executors().forEach(builder::executor);
      executors.forEach(builder::executor);
      builder.defaultExecutor(properties.getDefaultExecutor());
      listeners.orderedStream().forEach(builder::listener);
      interceptors.orderedStream().forEach(builder::interceptor);
      workflows.orderedStream().forEach(builder::workflows);
      customizers.orderedStream().forEach(c -> c.customize(builder));
      return builder.build(); // closes the configured executors when it is closed
    } catch (RuntimeException e) {
      configured.close();
      throw e;
    }
  }

  /**
   * The trigger service over every {@link LaunchPlan} and {@link MetricTrigger} bean, with the
   * {@link LeaderElection} bean when there is one; started once the application is up, closed
   * before the engine.
   */
  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnProperty(prefix = "sluice.triggers", name = "enabled", havingValue = "true", matchIfMissing = true)
  public TriggerServiceLifecycle sluiceTriggerService(Engine engine, ObjectProvider<LaunchPlan<?, ?>> plans,
      ObjectProvider<MetricTrigger<?>> triggers, ObjectProvider<LeaderElection> election) {
    TriggerService.Builder builder = TriggerService.builder(engine);
    plans.orderedStream().forEach(builder::launchPlan);
    triggers.orderedStream().forEach(builder::trigger);
    election.ifAvailable(builder::leaderElection);
    return new TriggerServiceLifecycle(builder.build());
  }
}
