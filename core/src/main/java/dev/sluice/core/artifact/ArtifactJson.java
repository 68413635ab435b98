package dev.sluice.core.artifact;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DatabindContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import dev.sluice.core.spi.ArtifactStore;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;

/**
 * The JSON form of {@link FileRef} and {@link DirRef}: a reference object {@code
 * {"@sluice":"file"|"dir","name":…,"sha256":…,"size":…,"uri":…}} (fields sorted; {@code uri} only
 * when written to a store). Writing with an {@link ArtifactContext} that has a store uploads the
 * artifact first; reading binds the handle to the context's store.
 */
final class ArtifactJson {
  /** The field that marks an object as a Sluice reference rather than a user value. */
  static final String MARKER = "@sluice";

  private ArtifactJson() {}

  private static ArtifactContext context(DatabindContext c) {
    return (ArtifactContext) c.getAttribute(ArtifactContext.class);
  }

  private static void writeReference(
      JsonGenerator g, String kind, String name, String sha256, long size, URI uri) throws IOException {
    g.writeStartObject();
    g.writeStringField(MARKER, kind);
    g.writeStringField("name", name);
    g.writeStringField("sha256", sha256);
    g.writeNumberField("size", size);
    if (uri != null) {
      g.writeStringField("uri", uri.toString());
    }
    g.writeEndObject();
  }

  /** What a reference object says, with the store and folder of the context it was read with. */
  private record Reference(String name, String sha256, long size, URI uri, ArtifactStore store, Path directory) {}

  private static Reference read(JsonParser p, DeserializationContext c, String kind) throws IOException {
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
    ArtifactContext ctx = context(c);
    ArtifactStore store = ctx == null ? null : ctx.store().orElse(null);
    Path dir = ctx == null ? ArtifactContext.defaultDirectory() : ctx.localDirectory();
    URI uri = n.hasNonNull("uri") ? URI.create(n.get("uri").asText()) : null;
    return new Reference(n.get("name").asText(), sha256, n.path("size").asLong(), uri, store, dir);
  }

  static final class FileSerializer extends StdSerializer<FileRef> {
    FileSerializer() {
      super(FileRef.class);
    }

    @Override
    public void serialize(FileRef ref, JsonGenerator g, SerializerProvider provider) throws IOException {
      ArtifactContext ctx = context(provider);
      ArtifactStore store = ctx == null ? null : ctx.store().orElse(null);
      if (store != null) {
        ref.upload(store, ctx.localDirectory());
        ctx.referenced(ref.sha256());
      }
      writeReference(g, "file", ref.name(), ref.sha256(), ref.size(), store == null ? null : ref.uri());
    }
  }

  static final class FileDeserializer extends StdDeserializer<FileRef> {
    FileDeserializer() {
      super(FileRef.class);
    }

    /** A reference object, or a plain string: the path of a local file (as a command task writes it). */
    @Override
    public FileRef deserialize(JsonParser p, DeserializationContext c) throws IOException {
      if (p.hasToken(JsonToken.VALUE_STRING)) {
        return FileRef.of(Path.of(p.getText()));
      }
      Reference r = read(p, c, "file");
      return FileRef.stored(r.name(), r.sha256(), r.size(), r.store(), r.directory(), r.uri());
    }
  }

  static final class DirSerializer extends StdSerializer<DirRef> {
    DirSerializer() {
      super(DirRef.class);
    }

    @Override
    public void serialize(DirRef ref, JsonGenerator g, SerializerProvider provider) throws IOException {
      ArtifactContext ctx = context(provider);
      ArtifactStore store = ctx == null ? null : ctx.store().orElse(null);
      if (store != null) {
        ref.upload(store, ctx.localDirectory());
        ref.referenceAll(ctx);
      }
      writeReference(g, "dir", ref.name(), ref.sha256(), ref.size(), store == null ? null : ref.uri());
    }
  }

  static final class DirDeserializer extends StdDeserializer<DirRef> {
    DirDeserializer() {
      super(DirRef.class);
    }

    /** A reference object, or a plain string: the path of a local directory. */
    @Override
    public DirRef deserialize(JsonParser p, DeserializationContext c) throws IOException {
      if (p.hasToken(JsonToken.VALUE_STRING)) {
        return DirRef.of(Path.of(p.getText()));
      }
      Reference r = read(p, c, "dir");
      return DirRef.stored(r.name(), r.sha256(), r.size(), r.store(), r.directory(), r.uri());
    }
  }
}
