package dev.sluice.core.artifact;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.hash.Hashing;
import dev.sluice.core.spi.ArtifactStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The content of a {@link DirRef}: relative path → file, and its JSON form {@code
 * {"files":[{"path":…,"sha256":…,"size":…},…]}} (sorted by path, no whitespace) whose SHA-256 is the
 * directory's.
 */
record Manifest(SortedMap<String, FileRef> files, byte[] json, String sha256, long size) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Every regular file under {@code dir}, hashed. */
  static Manifest scan(Path dir) {
    SortedMap<String, FileRef> files = new TreeMap<>();
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.filter(Files::isRegularFile).forEach(p -> files.put(relative(dir, p), FileRef.of(p)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
    }
    return of(files);
  }

  private static String relative(Path dir, Path file) {
    StringBuilder sb = new StringBuilder();
    for (Path part : dir.relativize(file)) {
      if (sb.length() > 0) {
        sb.append('/');
      }
      sb.append(part);
    }
    return sb.toString();
  }

  private static Manifest of(SortedMap<String, FileRef> files) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long total = 0;
    try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
      g.writeStartObject();
      g.writeArrayFieldStart("files");
      for (Map.Entry<String, FileRef> e : files.entrySet()) {
        g.writeStartObject();
        g.writeStringField("path", e.getKey());
        g.writeStringField("sha256", e.getValue().sha256());
        g.writeNumberField("size", e.getValue().size());
        g.writeEndObject();
        total += e.getValue().size();
      }
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    byte[] json = out.toByteArray();
    return new Manifest(
        Collections.unmodifiableSortedMap(files), json, Hashing.sha256().hashBytes(json).toString(), total);
  }

  /** A manifest read from a store; its files are handles to blobs of the same store. */
  static Manifest parse(byte[] json, String expectedSha256, ArtifactStore store, Path localDirectory)
      throws IOException {
    String actual = Hashing.sha256().hashBytes(json).toString();
    if (!actual.equals(expectedSha256)) {
      throw new IOException("directory manifest " + expectedSha256 + " is corrupt: it hashes to " + actual);
    }
    SortedMap<String, FileRef> files = new TreeMap<>();
    long total = 0;
    for (JsonNode f : JSON.readTree(json).path("files")) {
      String path = f.path("path").asText();
      long size = f.path("size").asLong();
      String name = path.substring(path.lastIndexOf('/') + 1);
      files.put(path, FileRef.stored(name, f.path("sha256").asText(), size, store, localDirectory, null));
      total += size;
    }
    return new Manifest(Collections.unmodifiableSortedMap(files), json, actual, total);
  }
}
