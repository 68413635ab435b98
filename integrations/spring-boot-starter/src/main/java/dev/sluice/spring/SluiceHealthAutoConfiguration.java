package dev.sluice.spring;

import dev.sluice.core.spi.ArtifactStore;
import dev.sluice.spring.internal.SluiceHealthIndicator;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/** The {@code sluice} health indicator, when Spring Boot Actuator is on the class path. */
@AutoConfiguration(after = SluiceAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.actuate.health.HealthIndicator")
public class SluiceHealthAutoConfiguration {

  /** Reports the store reachable (or not) and the engine's executors. */
  @Bean(name = "sluiceHealthIndicator")
  @ConditionalOnBean(ArtifactStore.class)
  @ConditionalOnEnabledHealthIndicator("sluice")
  public SluiceHealthIndicator sluiceHealthIndicator(ArtifactStore store,
      java.util.Map<String, dev.sluice.core.spi.TaskExecutor> executors,
      org.springframework.beans.factory.ObjectProvider<ConfiguredExecutors> configured) {
    java.util.Set<String> names = new java.util.TreeSet<>(executors.keySet());
    configured.ifAvailable(c -> names.addAll(c.executors().keySet()));
    return new SluiceHealthIndicator(store, names);
  }
}
