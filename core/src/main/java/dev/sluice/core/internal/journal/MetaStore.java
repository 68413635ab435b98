package dev.sluice.core.internal.journal;

import java.util.List;
import java.util.Optional;

/**
 * Where a run store keeps the small objects beside its journals: lease claims ({@link Leases}) and
 * run index entries ({@link RunIndex}). Keys are artifact-store keys ({@code runs/<run>/lease/…},
 * {@code journal/index/…}); every implementation lays them out the same way, so the two built-in
 * run stores read each other's folders.
 *
 * <p>Two implementations: {@link StoreMeta} puts them in an artifact store (S3/MinIO, memory: an
 * atomic put each, as any object), {@link FileMeta} writes them as plain files (the filesystem run
 * store: no content hash, temporary file and rename in the object's own folder), since they are
 * tiny, rewritten often and derived or checked data.
 */
sealed interface MetaStore permits StoreMeta, FileMeta {

  /** The object's bytes; empty if there is none. */
  Optional<byte[]> read(String key);

  /** Replaces the object atomically: a reader sees the old bytes or the new ones, never a part. */
  void write(String key, byte[] data);

  /**
   * Creates {@code folder} (a prefix ending in {@code /}) holding the one object {@code name}, in one
   * atomic step, if the folder is missing or empty: readers see no folder (or an empty one), then the
   * folder with the object, and a writer of another object into the folder either lands before (then
   * nothing is created here and this returns false) or in the new folder. Only where {@link
   * #canCreateAlone}.
   */
  boolean createAlone(String folder, String name, byte[] data);

  /** Whether {@link #createAlone} can be done here ({@link StoreMeta}: not in an object store, which has no folders). */
  boolean canCreateAlone();

  /** Makes sure an empty object exists at {@code key} (one that exists already is left as it is). */
  void touch(String key);

  boolean exists(String key);

  /** Deletes the object; false if there was none. Its folder stays, even if left empty. */
  boolean delete(String key);

  /**
   * Deletes the object and its folder if that is left empty (pruning, so that emptied folders do
   * not pile up for listings to walk).
   */
  void deleteWithFolder(String key);

  /**
   * The names (keys without {@code folder}) of the objects under {@code folder} (a prefix ending in
   * {@code /}), in no particular order; empty if there are none.
   */
  List<String> names(String folder);

  /**
   * One page of up to {@code limit} keys under {@code folder} (which ends in {@code /}), nested ones
   * included, in key order; {@code token} is the previous page's {@link KeyPage#next()}.
   */
  KeyPage keys(String folder, Optional<String> token, int limit);

  /** Keys in key order, and the token of the next page if there may be more. */
  record KeyPage(List<String> keys, Optional<String> next) {}

  /** Where the object is, for messages. */
  String where(String key);
}
