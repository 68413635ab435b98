package dev.sluice.core.internal.journal;

import dev.sluice.core.journal.JournalCorruptException;
import dev.sluice.core.journal.Lease;
import dev.sluice.core.journal.LeaseRefusedException;
import dev.sluice.core.spi.StoreException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Run leases as objects in an artifact store: {@code runs/<run>/lease/<epoch>-<owner>.json}. Taking
 * a run means claiming the next epoch: write a claim, then list the claims again; the claim wins
 * only if it is alone at its epoch, no higher epoch exists and no lower claim is live (two
 * claimants that both see each other both back off). A renewal rewrites the
 * owner's own claim, after checking no higher epoch exists; a release marks it lapsed ({@link
 * #drop} deletes it once the run's end is journaled). The lease in
 * force is the one of the highest epoch with a single claim. Needs only atomic puts and a
 * consistent listing: on the filesystem run store a claim is a plain file written through a rename
 * and the listings read names only ({@link FileMeta}); elsewhere an artifact-store object
 * ({@link StoreMeta}). Both lay claims out the same way, so either reads the other's.
 *
 * <p>On the filesystem run store, a run nobody claimed yet (no claim listed) is taken in one step:
 * its lease folder is created with the claim at epoch 1 already in it ({@link
 * MetaStore#createAlone}: a folder prepared under a temporary name and renamed, which succeeds only
 * while the lease folder is missing or empty), and the claims are not listed again. A claimant using
 * the steps above either wrote its claim first (the rename fails, and this claimant takes the
 * general way) or writes it into the new folder, where its second listing finds this claim at its
 * epoch, or a live one below it, and withdraws. This saves a listing, and a failed {@code open} and
 * {@code mkdir}, per new run.
 *
 * <p>A claim that cannot be read (empty, garbage, a field missing) counts as expired: it can block
 * no one, and the next claimant's higher epoch replaces it. Files in the lease folder whose names
 * are not claims are ignored.
 */
final class Leases {
  private static final Logger log = LoggerFactory.getLogger("dev.sluice.journal");
  private final MetaStore store;

  Leases(MetaStore store) {
    this.store = store;
  }

  private static String prefix(String runId) {
    return RunIds.folder(runId) + "lease/";
  }

  private static String epochPrefix(String runId, long epoch) {
    return RunIds.padded(new StringBuilder(prefix(runId)), epoch, 12).append('-').toString();
  }

  private static String key(Lease lease) {
    return epochPrefix(lease.runId(), lease.epoch()) + ownerKey(lease.owner()) + ".json";
  }

  /** An owner name as a key segment: safe characters kept, others replaced, hashed if changed. */
  static String ownerKey(String owner) {
    StringBuilder safe = new StringBuilder(Math.min(owner.length(), 80));
    boolean changed = false;
    for (int i = 0; i < owner.length(); ) {
      int c = owner.codePointAt(i); // as the pattern [^A-Za-z0-9._] replaced: one '_' per code point
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_';
      safe.append(ok ? (char) c : '_');
      changed |= !ok;
      i += Character.charCount(c);
    }
    if (safe.length() > 80) {
      safe.setLength(80);
      changed = true;
    }
    return changed ? safe.append('.').append(Integer.toHexString(owner.hashCode())).toString() : owner;
  }

  /** Claims in epoch order, as (epoch, key). */
  private record Claim(long epoch, String key) {}

  private List<Claim> claims(String runId) {
    String prefix = prefix(runId);
    List<Claim> claims = new ArrayList<>();
    for (String name : store.names(prefix)) {
      long epoch = epoch(name);
      if (epoch < 1) {
        log.warn("ignoring {} in the lease folder of run {}: it is not a lease claim (<epoch>-<owner>.json)",
            store.where(prefix + name), runId);
      } else {
        claims.add(new Claim(epoch, prefix + name));
      }
    }
    claims.sort(Comparator.comparingLong(Claim::epoch));
    return claims;
  }

  /** The epoch a claim's name starts with, or 0 if the name is not a claim's. */
  private static long epoch(String name) {
    int dash = name.indexOf('-');
    if (dash != 12 || !name.endsWith(".json")) {
      return 0;
    }
    try {
      return Long.parseLong(name.substring(0, dash));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** The lease in force (or last in force): the highest epoch claimed by one owner alone. */
  Optional<Lease> current(String runId) {
    return current(claims(runId));
  }

  private Optional<Lease> current(List<Claim> claims) {
    for (int i = claims.size() - 1; i >= 0; i--) {
      long e = claims.get(i).epoch();
      boolean alone =
          (i == 0 || claims.get(i - 1).epoch() != e) && (i == claims.size() - 1 || claims.get(i + 1).epoch() != e);
      if (alone) {
        Optional<byte[]> bytes = store.read(claims.get(i).key());
        if (bytes.isPresent()) {
          return parse(claims.get(i).key(), bytes.get()); // an unreadable claim in force: no live lease
        }
      }
    }
    return Optional.empty();
  }

  /** The claim at {@code key}; empty if it is gone, or unreadable (an unreadable lease is expired). */
  private Optional<Lease> read(String key) {
    return store.read(key).flatMap(bytes -> parse(key, bytes));
  }

  /** A claim's bytes as a lease; empty if unreadable (it is expired). */
  private Optional<Lease> parse(String key, byte[] bytes) {
    try {
      return Optional.of(JournalJson.readLease(bytes, "the lease " + store.where(key)));
    } catch (JournalCorruptException e) {
      log.warn("{}; it counts as expired, and the next engine to take the run replaces it", e.getMessage());
      return Optional.empty();
    }
  }

  Lease acquire(String runId, String owner, Instant now, Duration ttl) {
    List<Claim> claims = claims(runId);
    if (claims.isEmpty() && store.canCreateAlone()) {
      // nobody holds or claims the run: create its lease folder with our claim in it, or learn that
      // someone's claim landed first (then the general way below decides)
      Lease first = new Lease(runId, owner, 1, now, now.plus(ttl));
      String folder = prefix(runId);
      if (store.createAlone(folder, key(first).substring(folder.length()), JournalJson.write(first))) {
        return first;
      }
      claims = claims(runId);
    }
    Optional<Lease> current = current(claims);
    if (current.isPresent() && current.get().owner().equals(owner) && !current.get().isExpired(now)) {
      return renew(current.get(), now, ttl);
    }
    if (current.isPresent() && !current.get().isExpired(now)) {
      throw new LeaseRefusedException(
          "run " + runId + " is owned by engine '" + current.get().owner() + "' until "
              + current.get().expires() + "; it can be resumed elsewhere only once that lease lapses",
          current.get());
    }
    if (contestedNow(claims, current, now)) {
      throw new LeaseRefusedException(
          "another engine is claiming run " + runId + " right now; try again in a moment", null);
    }
    long epoch = (claims.isEmpty() ? 0 : claims.get(claims.size() - 1).epoch()) + 1;
    Lease lease = new Lease(runId, owner, epoch, now, now.plus(ttl));
    String key = key(lease);
    put(key, lease);
    for (Claim other : claims(runId)) {
      if (!other.key().equals(key) && blocks(other, epoch, now)) {
        store.delete(key);
        throw new LeaseRefusedException(
            "another engine claimed run " + runId + " at the same moment (" + store.where(other.key())
                + "); neither got it, try again",
            null);
      }
    }
    for (Claim old : claims) {
      store.delete(old.key());
    }
    return lease;
  }

  /**
   * Whether another claim, seen after ours was written, stands in the way of our claim at {@code
   * epoch}: any claim at the same or a higher epoch, or a live one below it. The last case is a
   * claimant that won the epoch below while we chose ours from an older listing (where that epoch
   * held only a claim being withdrawn); without it both would own the run.
   */
  private boolean blocks(Claim other, long epoch, Instant now) {
    return other.epoch() >= epoch || read(other.key()).map(l -> !l.isExpired(now)).orElse(false);
  }

  /**
   * Whether the highest epoch holds several live claims: claimants still deciding (one of them may
   * win), which must not be leapfrogged. Claims of a contest settled long ago (their claimants
   * crashed before withdrawing) have lapsed and do not count.
   */
  private boolean contestedNow(List<Claim> claims, Optional<Lease> current, Instant now) {
    if (claims.isEmpty()) {
      return false;
    }
    long top = claims.get(claims.size() - 1).epoch();
    if (current.isPresent() && current.get().epoch() == top) {
      return false;
    }
    for (Claim c : claims) {
      if (c.epoch() == top && read(c.key()).map(l -> !l.isExpired(now)).orElse(false)) {
        return true;
      }
    }
    return false;
  }

  Lease renew(Lease lease, Instant now, Duration ttl) {
    if (lease.isExpired(now)) {
      throw new LeaseRefusedException(
          "the lease of engine '" + lease.owner() + "' on run " + lease.runId() + " expired at "
              + lease.expires() + ", before it was renewed at " + now + "; another engine may own the run now",
          lease);
    }
    String key = key(lease);
    boolean mine = false;
    for (Claim c : claims(lease.runId())) {
      if (c.epoch() > lease.epoch()) {
        throw new LeaseRefusedException(
            "engine '" + lease.owner() + "' lost run " + lease.runId() + ": another engine claimed it ("
                + store.where(c.key()) + ")",
            current(lease.runId()).orElse(null));
      }
      mine |= c.key().equals(key);
    }
    if (!mine) {
      throw new LeaseRefusedException(
          "engine '" + lease.owner() + "' lost run " + lease.runId() + ": its lease was released or the run pruned",
          null);
    }
    Lease renewed = new Lease(lease.runId(), lease.owner(), lease.epoch(), lease.acquired(), now.plus(ttl));
    put(key, renewed);
    return renewed;
  }

  /**
   * Writes a claim. A put may fail while claimants withdrawing theirs remove the folder under it
   * (the filesystem store prunes empty folders); a claim is idempotent, so it is tried again.
   */
  private void put(String key, Lease lease) {
    byte[] json = JournalJson.write(lease);
    for (int tries = 1; ; tries++) {
      try {
        store.write(key, json);
        return;
      } catch (StoreException e) {
        if (tries == 5) {
          throw e;
        }
      }
    }
  }

  /**
   * Deletes the owner's claim on a run whose end is journaled: no engine takes an ended run over,
   * so its epochs need not keep growing (a later claimant, such as a run key's lookup, starts at
   * epoch 1 again and then reads the run's end); one delete instead of a check and a rewrite. A
   * renewal racing it may write the claim again; the keeper then releases that one as lapsed.
   */
  void drop(Lease lease) {
    store.delete(key(lease));
  }

  /**
   * Marks the owner's claim as lapsed (kept, so epochs only grow); nothing if it is gone already
   * (another engine took the run and cleared older claims).
   */
  void release(Lease lease) {
    String key = key(lease);
    if (store.exists(key)) {
      store.write(key, JournalJson.write(
          new Lease(lease.runId(), lease.owner(), lease.epoch(), lease.acquired(), Instant.EPOCH)));
    }
  }
}
