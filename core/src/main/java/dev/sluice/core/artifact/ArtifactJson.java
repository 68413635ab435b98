package dev.sluice.core.artifact;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import dev.sluice.core.spi.ArtifactStore;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * The JSON form of {@link FileRef} and {@link DirRef}: a reference object {@code
 * {"@sluice":"file"|"dir","name":…,"sha256":…,"size":…,"uri":…}} (fields sorted; no {@code uri}
 * in a cache key, which hashes the content only). Writing with an {@link ArtifactContext} that has
 * a store uploads the artifact first; reading binds the handle to the context's store.
 */
final class ArtifactJson {
  /** The field that marks an object as a Sluice reference rather than a user value. */
  static final String MARKER = "@sluice";

  private ArtifactJson() {}

  /** What a reference object says, with the store and folder of the context it was read with. */
  private record Reference(String name, String sha256, long size, URI uri, ArtifactStore store, Path directory) {}

  /** Writes either handle as its reference, uploading it first when the context has a store. */
  static final class HandleSerializer extends StdSerializer<ArtifactHandle> {
    HandleSerializer() {
      super(ArtifactHandle.class);
    }

    @Override
    public void serialize(ArtifactHandle ref, JsonGenerator g, SerializerProvider provider) throws IOException {
      ArtifactContext ctx = (ArtifactContext) provider.getAttribute(ArtifactContext.class);
      ArtifactStore store = ctx == null ? null : ctx.store().orElse(null);
      if (store != null) {
        ref.upload(store, ctx.localDirectory());
        ref.referenceAll(ctx);
      }
      g.writeStartObject();
      g.writeStringField(MARKER, ref.kind());
      g.writeStringField("name", ref.name());
      g.writeStringField("sha256", ref.sha256());
      g.writeNumberField("size", ref.size());
      boolean hashing = ctx != null && store == null; // a cache key: the content only, not where it is
      if (!hashing && ref.readable()) {
        g.writeStringField("uri", ref.uri().toString());
      }
      g.writeEndObject();
    }
  }

  /** Makes a handle bound to a store from a reference. */
  private interface Bind<T> {
    T bind(String name, String sha256, long size, ArtifactStore store, Path directory, URI uri);
  }

  /**
   * Reads a reference object of one kind, or a plain string: the path of a local file or folder (as
   * a command task writes it).
   */
  private abstract static class HandleDeserializer<T extends ArtifactHandle> extends StdDeserializer<T> {
    private final String kind;
    private final Bind<T> stored;
    private final Function<Path, T> local;

    HandleDeserializer(Class<T> type, String kind, Bind<T> stored, Function<Path, T> local) {
      super(type);
      this.kind = kind;
      this.stored = stored;
      this.local = local;
    }

    @Override
    public T deserialize(JsonParser p, DeserializationContext c) throws IOException {
      if (p.hasToken(JsonToken.VALUE_STRING)) {
        return local.apply(Path.of(p.getText()));
      }
      Reference r = read(p, c);
      return stored.bind(r.name(), r.sha256(), r.size(), r.store(), r.directory(), r.uri());
    }

    private Reference read(JsonParser p, DeserializationContext c) throws IOException {
      JsonNode n = c.readTree(p);
      String sha256 = n.path("sha256").asText();
      if (!kind.equals(n.path(MARKER).asText()) || !Blobs.isHash(sha256) || !n.path("name").isTextual()) {
        String text = n.toString();
        throw JsonMappingException.from(
            p,
            "expected a Sluice " + kind + " reference {\"" + MARKER + "\":\"" + kind
                + "\",\"name\":…,\"sha256\":…,\"size\":…}, got "
                + (text.length() > 200 ? text.substring(0, 200) + "…" : text));
      }
      ArtifactContext ctx = (ArtifactContext) c.getAttribute(ArtifactContext.class);
      ArtifactStore store = ctx == null ? null : ctx.store().orElse(null);
      Path dir = ctx == null ? ArtifactContext.defaultDirectory() : ctx.localDirectory();
      URI uri = n.hasNonNull("uri") ? URI.create(n.get("uri").asText()) : null;
      return new Reference(n.get("name").asText(), sha256, n.path("size").asLong(), uri, store, dir);
    }
  }

  static final class FileDeserializer extends HandleDeserializer<FileRef> {
    FileDeserializer() {
      super(FileRef.class, "file", FileRef::stored, FileRef::of);
    }
  }

  static final class DirDeserializer extends HandleDeserializer<DirRef> {
    DirDeserializer() {
      super(DirRef.class, "dir", DirRef::stored, DirRef::of);
    }
  }
}
