package dev.sluice.core.model;

import com.google.common.hash.Hashing;
import java.time.Duration;
import java.util.Collections;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Whether and how the engine serves a task's output from the task cache. A call whose task name,
 * cache version and inputs (less the ignored ones) match an entry in the engine's store is not run:
 * its node ends CACHED with the stored output.
 *
 * <pre>{@code
 * CachePolicy.builder().version("v2").ignore("seed").expireAfter(Duration.ofDays(7)).serialized().build()
 * }</pre>
 *
 * @param enabled whether the cache is used at all ({@link #DISABLED} is the default of every task)
 * @param version the cache version: bump it to stop reusing entries written by older code
 * @param ignoredInputs inputs left out of the cache key (a seed, a logger's name), sorted
 * @param expireAfter entries older than this are not used (and are replaced when the task runs)
 * @param serialized concurrent identical calls in one engine run the task once; the others wait
 *     for its result
 * @param codeHash SHA-256 of the class that defines the task body, when the version is derived
 *     from the code ({@link Builder#versionFromCode})
 */
public record CachePolicy(
    boolean enabled,
    String version,
    Set<String> ignoredInputs,
    Optional<Duration> expireAfter,
    boolean serialized,
    Optional<String> codeHash) {

  /** No caching: the default of every task. */
  public static final CachePolicy DISABLED =
      new CachePolicy(false, "1", Set.of(), Optional.empty(), false, Optional.empty());

  public CachePolicy {
    Names.requireIdentifier(version, "cache version");
    ignoredInputs = Collections.unmodifiableSortedSet(new TreeSet<>(ignoredInputs));
    Objects.requireNonNull(expireAfter, "expireAfter");
    expireAfter.ifPresent(
        d -> {
          if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("cache expiry must be positive, got " + d);
          }
        });
    Objects.requireNonNull(codeHash, "codeHash");
    codeHash.ifPresent(
        h -> {
          if (!h.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("codeHash must be 64 lower-case hex digits, got " + h);
          }
        });
  }

  /** A policy that caches under {@code version}, with no ignored input, no expiry. */
  public static CachePolicy version(String version) {
    return builder().version(version).build();
  }

  /** Starts an enabled policy: version "1", no ignored input, no expiry, not serialized. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder preset with this policy's values, enabled. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.version = version;
    b.ignored.addAll(ignoredInputs);
    b.expireAfter = expireAfter.orElse(null);
    b.serialized = serialized;
    b.codeHash = codeHash.orElse(null);
    return b;
  }

  /**
   * The version entries are filed under: {@link #version()}, followed by {@code -code-} and 12 hex
   * digits of {@link #codeHash()} when the version is derived from code.
   */
  public String keyVersion() {
    return codeHash.map(h -> version + "-code-" + h.substring(0, 12)).orElse(version);
  }

  /** Mutable builder of a {@link CachePolicy}; {@link #build()} validates and freezes. */
  public static final class Builder {
    private String version = "1";
    private final Set<String> ignored = new TreeSet<>();
    private Duration expireAfter;
    private boolean serialized;
    private String codeHash;

    private Builder() {}

    /** The cache version (default "1"); bump it when the task's results must not be reused. */
    public Builder version(String version) {
      this.version = Objects.requireNonNull(version, "cache version");
      return this;
    }

    /** Leaves these inputs out of the cache key: calls that differ only in them share an entry. */
    public Builder ignore(String... inputNames) {
      for (String name : inputNames) {
        ignored.add(Objects.requireNonNull(name, "ignored input name"));
      }
      return this;
    }

    /** Entries older than this are not used; the call runs again and replaces the entry. */
    public Builder expireAfter(Duration expireAfter) {
      this.expireAfter = expireAfter;
      return this;
    }

    /** Concurrent identical calls in one engine run once; the others wait and end CACHED. */
    public Builder serialized() {
      return serialized(true);
    }

    public Builder serialized(boolean serialized) {
      this.serialized = serialized;
      return this;
    }

    /**
     * Adds the SHA-256 of the bytes of {@code codeClass} (its {@code .class} resource) to the
     * version, so that a changed task body does not reuse results of the old one. Only that class
     * is hashed: code it calls in other classes is not.
     */
    public Builder versionFromCode(Class<?> codeClass) {
      this.codeHash = hashOf(codeClass);
      return this;
    }

    /** Sets the code hash directly (as read back from a spec's JSON); null for none. */
    public Builder codeHash(String codeHash) {
      this.codeHash = codeHash;
      return this;
    }

    public CachePolicy build() {
      return new CachePolicy(
          true,
          version,
          ignored,
          Optional.ofNullable(expireAfter),
          serialized,
          Optional.ofNullable(codeHash));
    }
  }

  private static String hashOf(Class<?> codeClass) {
    Objects.requireNonNull(codeClass, "codeClass");
    byte[] bytes = ClassBytes.read(codeClass.getName(), codeClass.getClassLoader());
    if (bytes == null) {
      throw new IllegalArgumentException(
          "cannot derive a cache version from " + codeClass.getName() + ": its class file "
              + codeClass.getName().replace('.', '/') + ".class is not readable from its class loader (a"
              + " generated or hidden class). Fix: give the cache a version by hand");
    }
    return Hashing.sha256().hashBytes(bytes).toString();
  }
}
