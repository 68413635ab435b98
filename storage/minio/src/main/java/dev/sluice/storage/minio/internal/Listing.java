package dev.sluice.storage.minio.internal;

import dev.sluice.core.spi.ObjectPage;
import dev.sluice.core.spi.StoreKey;
import dev.sluice.core.spi.StoredObject;
import io.minio.messages.Contents;
import io.minio.messages.ListBucketResultV2;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Pages of a listing: ListObjectsV2 from the key after the page token (S3 answers at most 1,000
 * keys a request). S3 listings carry no user metadata, so listed objects have no SHA-256 (a HEAD per
 * object would multiply the cost of a listing); {@code stat} has it. The store's own records ({@code
 * .sluice/…}) are never listed. Times are in whole seconds, as {@code stat} has them.
 */
final class Listing {
  private static final int MAX_KEYS = 1000;

  private final MinioArtifactStore store;
  private final S3Client client;
  private final Resilience resilience;

  Listing(MinioArtifactStore store, S3Client client, Resilience resilience) {
    this.store = store;
    this.client = client;
    this.resilience = resilience;
  }

  ObjectPage page(String prefix, Optional<String> pageToken, int pageSize) {
    String root = store.objectName("");
    List<StoredObject> objects = new ArrayList<>();
    String after = pageToken.map(store::objectName).orElse(null);
    boolean more;
    do {
      String from = after;
      int want = Math.min(MAX_KEYS, pageSize - objects.size());
      ListBucketResultV2 result = resilience.call("list '" + prefix + "'",
          () -> client.listPage(store.bucket(), root + prefix, from, want).get()).result();
      for (Contents item : result.contents()) {
        item.setEncodingType(result.encodingType());
        after = item.objectName();
        String key = after.substring(root.length());
        if (addressable(key)) {
          objects.add(new StoredObject(key, item.size(), Optional.empty(),
              MinioArtifactStore.modified(item.lastModified())));
        }
      }
      more = result.isTruncated() && after != null;
    } while (more && objects.size() < pageSize);
    return new ObjectPage(objects, more && !objects.isEmpty()
        ? Optional.of(objects.get(objects.size() - 1).key()) : Optional.empty());
  }

  /**
   * The hash records of every multipart put of {@code key} (keys under {@code
   * .sluice/sha256/<key>/}, not those of keys below it), current and replaced.
   */
  List<String> hashRecords(String key) {
    String root = store.objectName("");
    String prefix = root + MinioArtifactStore.hashRecord(key, "");
    List<String> records = new ArrayList<>();
    String after = null;
    boolean more;
    do {
      String from = after;
      ListBucketResultV2 result = resilience.call("list the hash records of '" + key + "'",
          () -> client.listPage(store.bucket(), prefix, from, MAX_KEYS).get()).result();
      for (Contents item : result.contents()) {
        item.setEncodingType(result.encodingType());
        after = item.objectName();
        if (after.indexOf('/', prefix.length()) < 0) {
          records.add(after.substring(root.length()));
        }
      }
      more = result.isTruncated() && after != null;
    } while (more);
    return records;
  }

  /** Keys the store can address: not its own records, nothing another tool wrote that breaks the key rules. */
  private static boolean addressable(String key) {
    try {
      StoreKey.check(key);
      return true;
    } catch (IllegalArgumentException reservedOrForeign) {
      return false;
    }
  }
}
