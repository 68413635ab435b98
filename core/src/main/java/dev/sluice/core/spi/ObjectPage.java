package dev.sluice.core.spi;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of a listing, in key order.
 *
 * @param objects the objects on this page
 * @param nextPageToken present when there are more objects; pass it to the next {@code list} call
 */
public record ObjectPage(List<StoredObject> objects, Optional<String> nextPageToken) {
  public ObjectPage {
    objects = List.copyOf(objects);
    Objects.requireNonNull(nextPageToken, "nextPageToken");
  }
}
