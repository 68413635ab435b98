package dev.sluice.models.deploy;

import dev.sluice.models.registry.ModelRegistry;
import dev.sluice.models.registry.ModelVersion;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deploys a model version behind an alias, with rollback:
 *
 * <ol>
 *   <li>if the target already serves the version and the alias points at it, nothing is done;
 *   <li>the alias moves to the new version ("deploying"), the deployer deploys it and waits for
 *       readiness, then the post-deploy check runs;
 *   <li>on any failure the previous version is deployed again and the alias moves back
 *       ("rollback: <reason>"); both moves stay in the registry's alias history.
 * </ol>
 *
 * <pre>{@code
 * Rollout rollout = Rollout.builder(registry, deployer).target("qoe").alias("champion")
 *     .readinessTimeout(Duration.ofMinutes(5)).check(d -> smokeTest(d.endpoint())).build();
 * RolloutResult result = rollout.deploy(candidate, "run:" + TaskContext.current().runId());
 * }</pre>
 */
public final class Rollout {
  private static final Logger LOG = LoggerFactory.getLogger("dev.sluice.models.deploy");

  private final ModelRegistry registry;
  private final ModelDeployer deployer;
  private final String target;
  private final String alias;
  private final Duration readinessTimeout;
  private final PostDeployCheck check;

  private Rollout(Builder b) {
    this.registry = b.registry;
    this.deployer = b.deployer;
    this.target = Objects.requireNonNull(b.target, "target: call target(name)");
    this.alias = b.alias;
    this.readinessTimeout = b.readinessTimeout;
    this.check = b.check;
  }

  /** A builder over a registry and a deployer. */
  public static Builder builder(ModelRegistry registry, ModelDeployer deployer) {
    return new Builder(registry, deployer);
  }

  /**
   * Deploys {@code version}; {@code actor} is recorded with every alias move (a person, or {@code
   * run:<id>}).
   */
  public RolloutResult deploy(ModelVersion version, String actor) {
    Optional<Deployment> before = deployer.current(target);
    Optional<ModelVersion> aliased = registry.byAlias(version.model(), alias);
    boolean serving = before.filter(d -> d.model().equals(version.model()) && d.version() == version.version()).isPresent();
    if (serving && aliased.map(ModelVersion::version).filter(v -> v == version.version()).isPresent()) {
      LOG.info("{} already serves {} v{} as {}: nothing to do", deployer.name(), version.model(), version.version(), target);
      return new RolloutResult(RolloutResult.Outcome.UNCHANGED, before, "");
    }
    registry.moveAlias(version.model(), alias, version.version(), actor, "deploying to " + deployer.name() + " " + target);
    try {
      Deployment deployed = deployer.deploy(target, version, readinessTimeout);
      check.check(deployed);
      LOG.info("{} serves {} v{} as {} at {}", deployer.name(), version.model(), version.version(), target, deployed.endpoint());
      return new RolloutResult(RolloutResult.Outcome.DEPLOYED, Optional.of(deployed), "");
    } catch (Exception e) {
      String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      return rollBack(version, aliased, before, actor, reason);
    }
  }

  private RolloutResult rollBack(ModelVersion failed, Optional<ModelVersion> aliased, Optional<Deployment> before,
      String actor, String reason) {
    LOG.warn("{} v{} failed on {} as {}: {}; rolling back", failed.model(), failed.version(), deployer.name(), target, reason);
    registry.moveAlias(failed.model(), alias, aliased.map(ModelVersion::version), actor, "rollback: " + reason);
    Optional<ModelVersion> previous = before.flatMap(d -> registry.version(d.model(), d.version())).or(() -> aliased);
    if (previous.isEmpty()) {
      return new RolloutResult(RolloutResult.Outcome.ROLLED_BACK, deployer.current(target),
          reason + " (nothing served before, so nothing was restored)");
    }
    try {
      Deployment restored = deployer.deploy(target, previous.get(), readinessTimeout);
      return new RolloutResult(RolloutResult.Outcome.ROLLED_BACK, Optional.of(restored), reason);
    } catch (DeploymentFailedException again) {
      throw new DeploymentFailedException(failed.model() + " v" + failed.version() + " failed (" + reason
          + ") and restoring v" + previous.get().version() + " failed too (" + again.getMessage() + "): "
          + target + " on " + deployer.name() + " may serve nothing; deploy a known good version by hand", again);
    }
  }

  /** Options of a rollout; mutable, not thread-safe; {@link #build()} copies. */
  public static final class Builder {
    private final ModelRegistry registry;
    private final ModelDeployer deployer;
    private String target;
    private String alias = "champion";
    private Duration readinessTimeout = Duration.ofMinutes(10);
    private PostDeployCheck check = d -> {};

    private Builder(ModelRegistry registry, ModelDeployer deployer) {
      this.registry = Objects.requireNonNull(registry, "registry");
      this.deployer = Objects.requireNonNull(deployer, "deployer");
    }

    /** The deployment's name in the serving system (required). */
    public Builder target(String target) {
      this.target = target;
      return this;
    }

    /** The alias that follows the serving version (default {@code champion}). */
    public Builder alias(String alias) {
      this.alias = alias;
      return this;
    }

    /** How long a version may take to become ready (default 10 minutes). */
    public Builder readinessTimeout(Duration timeout) {
      this.readinessTimeout = timeout;
      return this;
    }

    /** A check of the ready deployment; a failure rolls back (default: none). */
    public Builder check(PostDeployCheck check) {
      this.check = Objects.requireNonNull(check, "check");
      return this;
    }

    /** The rollout. */
    public Rollout build() {
      return new Rollout(this);
    }
  }
}
