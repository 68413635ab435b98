package dev.sluice.models.internal.registry;

import dev.sluice.core.spi.ArtifactStore;
import dev.sluice.core.spi.ObjectNotFoundException;
import dev.sluice.core.spi.StoredObject;
import dev.sluice.models.registry.AliasMove;
import dev.sluice.models.registry.ModelNotFoundException;
import dev.sluice.models.registry.ModelRegistration;
import dev.sluice.models.registry.ModelRegistry;
import dev.sluice.models.registry.ModelVersion;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * A model registry in an artifact store, needing only atomic puts and a consistent listing (what
 * the run journal needs too). Every write is a new object; nothing is read-modified-written:
 *
 * <pre>
 * models/&lt;model&gt;/claims/&lt;version&gt;/&lt;uuid&gt;.json    a registrant's claim of a version number
 * models/&lt;model&gt;/versions/&lt;version&gt;.json        the version, written by the claim's winner
 * models/&lt;model&gt;/tags/&lt;version&gt;/&lt;time&gt;-&lt;uuid&gt;.json a tag set on a version
 * models/&lt;model&gt;/aliases/&lt;time&gt;-&lt;uuid&gt;.json      one alias move; the latest per alias is in force
 * </pre>
 *
 * A registrant claims the next number, then lists that number's claims: alone, it writes the
 * version; otherwise it withdraws and tries the next number after a random pause (two that see
 * each other both withdraw). A registrant that dies between claim and version leaves its number
 * unused. An alias move is named by a time later than every move it saw, so moves one process makes
 * in a row keep their order; two racing moves are both kept, and the later name wins.
 */
public final class StoreModelRegistry implements ModelRegistry {
  private static final int MAX_CLAIMS = 50;
  private static final String ROOT = "models/";

  private final ArtifactStore store;
  private final Clock clock;

  /** A registry under {@code models/} in {@code store}, timestamping with {@code clock}. */
  public StoreModelRegistry(ArtifactStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  private static String folder(String model) {
    return ROOT + model + "/";
  }

  /** The model's folder as a URI, for messages. */
  private String where(String model) {
    return store.root() + folder(model);
  }

  /**
   * The registry's own objects under {@code prefix}: names ending in {@code .json}. Anything else
   * (a half-written object some S3 servers list under a temporary name) is not a record.
   */
  private java.util.stream.Stream<StoredObject> records(String prefix) {
    return store.listAll(prefix).filter(o -> o.key().endsWith(".json"));
  }

  private static String number(int version) {
    return String.format(Locale.ROOT, "%010d", version);
  }

  @Override
  public ModelVersion register(ModelRegistration registration) {
    String model = registration.model();
    for (int attempt = 1; attempt <= MAX_CLAIMS; attempt++) {
      int next = highestNumber(model) + 1;
      String claims = folder(model) + "claims/" + number(next) + "/";
      String mine = claims + UUID.randomUUID() + ".json";
      store.put(mine, new byte[0]);
      long claimants = records(claims).count();
      if (claimants == 1) {
        ModelVersion version = new ModelVersion(model, next, registration, clock.instant(), registration.tags());
        store.put(versionKey(model, next), RegistryJson.write(version));
        return version;
      }
      store.delete(mine);
      LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(1_000_000, 20_000_000L * attempt));
    }
    throw new IllegalStateException("could not claim a version number of model '" + model + "' in "
        + MAX_CLAIMS + " tries: too many registrations at once in " + where(model));
  }

  private static String versionKey(String model, int version) {
    return folder(model) + "versions/" + number(version) + ".json";
  }

  /** The highest version number claimed or written, 0 for a new model. */
  private int highestNumber(String model) {
    int highest = 0;
    for (String sub : List.of("claims/", "versions/")) {
      String prefix = folder(model) + sub;
      highest = Math.max(highest, records(prefix)
          .mapToInt(o -> Integer.parseInt(o.key().substring(prefix.length(), prefix.length() + 10)))
          .max().orElse(0));
    }
    return highest;
  }

  @Override
  public Optional<ModelVersion> version(String model, int version) {
    String key = versionKey(model, version);
    ModelVersion stored;
    try {
      stored = RegistryJson.read(store.get(key), ModelVersion.class, store.uri(key).toString());
    } catch (ObjectNotFoundException e) {
      return Optional.empty();
    }
    return Optional.of(withTags(stored));
  }

  private ModelVersion withTags(ModelVersion stored) {
    String prefix = folder(stored.model()) + "tags/" + number(stored.version()) + "/";
    List<StoredObject> tags = records(prefix).toList();
    if (tags.isEmpty()) {
      return stored;
    }
    Map<String, String> merged = new HashMap<>(stored.tags());
    for (StoredObject o : tags) {
      TagEvent t = RegistryJson.read(store.get(o.key()), TagEvent.class, store.uri(o.key()).toString());
      merged.put(t.key(), t.value());
    }
    return new ModelVersion(stored.model(), stored.version(), stored.registration(), stored.registeredAt(), merged);
  }

  @Override
  public List<ModelVersion> versions(String model) {
    String prefix = folder(model) + "versions/";
    List<ModelVersion> out = new ArrayList<>();
    records(prefix).forEach(o -> out.add(withTags(
        RegistryJson.read(store.get(o.key()), ModelVersion.class, store.uri(o.key()).toString()))));
    return out;
  }

  @Override
  public AliasMove moveAlias(String model, String alias, Optional<Integer> version, String actor, String reason) {
    dev.sluice.models.registry.ModelRef.alias(model, alias); // checks both names
    if (version.isPresent() && !store.exists(versionKey(model, version.get()))) {
      throw new ModelNotFoundException("model '" + model + "' has no version " + version.get() + " in "
          + where(model) + "; register it first (versions: " + versions(model).stream()
          .map(ModelVersion::version).toList() + ")");
    }
    List<AliasMove> history = aliasHistory(model);
    OptionalInt from = current(history, alias);
    Instant at = clock.instant();
    if (!history.isEmpty() && !at.isAfter(history.get(history.size() - 1).at())) {
      at = history.get(history.size() - 1).at().plusNanos(1);
    }
    AliasMove move = new AliasMove(model, alias, from,
        version.map(OptionalInt::of).orElse(OptionalInt.empty()), actor, reason, at);
    store.put(folder(model) + "aliases/" + timeKey(at) + "-" + UUID.randomUUID() + ".json", RegistryJson.write(move));
    return move;
  }

  private static String timeKey(Instant at) {
    return String.format(Locale.ROOT, "%012d%09d", at.getEpochSecond(), at.getNano());
  }

  private static OptionalInt current(List<AliasMove> history, String alias) {
    OptionalInt now = OptionalInt.empty();
    for (AliasMove m : history) {
      if (m.alias().equals(alias)) {
        now = m.to();
      }
    }
    return now;
  }

  @Override
  public Optional<ModelVersion> byAlias(String model, String alias) {
    OptionalInt v = current(aliasHistory(model), alias);
    if (v.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(version(model, v.getAsInt()).orElseThrow(() -> new ModelNotFoundException(
        "alias '" + alias + "' of model '" + model + "' points at version " + v.getAsInt()
            + ", which is missing from " + where(model) + " (deleted by hand?); move the alias")));
  }

  @Override
  public List<AliasMove> aliasHistory(String model) {
    String prefix = folder(model) + "aliases/";
    List<AliasMove> out = new ArrayList<>();
    records(prefix).forEach(o -> out.add(
        RegistryJson.read(store.get(o.key()), AliasMove.class, store.uri(o.key()).toString())));
    return out;
  }

  @Override
  public void tag(String model, int version, String key, String value) {
    if (!store.exists(versionKey(model, version))) {
      throw new ModelNotFoundException("model '" + model + "' has no version " + version + " to tag");
    }
    Instant at = clock.instant();
    store.put(folder(model) + "tags/" + number(version) + "/" + timeKey(at) + "-" + UUID.randomUUID() + ".json",
        RegistryJson.write(new TagEvent(key, value, at)));
  }

  /** One tag set on a version. */
  record TagEvent(String key, String value, Instant at) {}
}
