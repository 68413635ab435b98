package dev.sluice.core.internal.cache;

import com.google.common.base.Suppliers;
import dev.sluice.core.cache.CacheEntry;
import java.net.URI;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A usable entry and the output decoded from it. The entry is made when first asked for (by a
 * listener or a status): its {@link CacheEntry#uri()} is a {@link URI} parsed from text, which
 * costs as much as a sixth of a small hit and is not needed to serve it.
 */
public final class CacheHit {
  private final Supplier<CacheEntry> entry;
  private final Object value;

  public CacheHit(CacheEntry entry, Object value) {
    Objects.requireNonNull(entry, "entry");
    this.entry = () -> entry;
    this.value = value;
  }

  /** A hit whose entry {@code entry} makes when first asked for (once). */
  CacheHit(Supplier<CacheEntry> entry, Object value) {
    this.entry = Suppliers.memoize(entry::get);
    this.value = value;
  }

  public CacheEntry entry() {
    return entry.get();
  }

  /** The entry, made (once) when the supplier is first called. */
  public Supplier<CacheEntry> entrySupplier() {
    return entry;
  }

  public Object value() {
    return value;
  }
}
