package dev.sluice.core.internal.io;

import com.fasterxml.jackson.core.Base64Variant;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.ObjectCodec;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.TreeNode;
import com.fasterxml.jackson.core.Version;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.util.Base64;

/**
 * What {@link CanonicalGenerator} shares with every generator (codec, features), and the calls
 * serializers rarely make (raw values, POJOs, trees, numbers as text, binary, UTF-8 bytes): each is
 * made on a one-call {@link TokenBuffer}, whose tokens are then written as the token path wrote
 * them (before the one-pass generator), so such values keep their canonical text.
 */
abstract class TokenCallsGenerator extends JsonGenerator {
  private static final Version VERSION = new JsonFactory().version();

  /** Jackson's default features (collected once: collecting them copies the enum's values). */
  private static final int DEFAULT_FEATURES = JsonGenerator.Feature.collectDefaults();

  private ObjectCodec codec;
  private int features = DEFAULT_FEATURES;

  TokenCallsGenerator(ObjectCodec codec) {
    this.codec = codec;
  }

  /** Writes a value already in canonical text. */
  abstract void writeCanonicalValue(byte[] text) throws IOException;

  /** One call made on a token buffer. */
  private interface Call {
    void on(TokenBuffer buffer) throws IOException;
  }

  private void viaTokens(Call call) throws IOException {
    try (TokenBuffer buffer = new TokenBuffer(codec, false)) {
      call.on(buffer);
      try (JsonParser p = buffer.asParser(codec)) {
        while (p.nextToken() != null) {
          replay(p);
        }
      }
    }
  }

  /** The call the token at {@code p} stands for, read back as {@code CanonicalJson} reads it. */
  private void replay(JsonParser p) throws IOException {
    switch (p.currentToken()) {
      case START_OBJECT -> writeStartObject();
      case END_OBJECT -> writeEndObject();
      case START_ARRAY -> writeStartArray();
      case END_ARRAY -> writeEndArray();
      case FIELD_NAME -> writeFieldName(p.currentName());
      case VALUE_STRING -> writeString(p.getText());
      case VALUE_NUMBER_INT -> {
        if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
          writeNumber(p.getBigIntegerValue());
        } else {
          writeNumber(p.getLongValue());
        }
      }
      case VALUE_NUMBER_FLOAT -> {
        if (p.getNumberType() == JsonParser.NumberType.BIG_DECIMAL) {
          writeNumber(p.getDecimalValue());
        } else {
          writeNumber(p.getDoubleValue());
        }
      }
      case VALUE_TRUE -> writeBoolean(true);
      case VALUE_FALSE -> writeBoolean(false);
      case VALUE_EMBEDDED_OBJECT -> embedded(p.getEmbeddedObject());
      default -> writeNull();
    }
  }

  /** As {@code CanonicalJson} writes an embedded object: bytes in Base64, a tree, else its text. */
  private void embedded(Object o) throws IOException {
    if (o == null) {
      writeNull();
    } else if (o instanceof byte[] bytes) {
      writeString(Base64.getEncoder().encodeToString(bytes));
    } else if (o instanceof JsonNode node) {
      ByteArrayOutputStream text = new ByteArrayOutputStream();
      CanonicalJson.write(node, text);
      writeCanonicalValue(text.toByteArray());
    } else {
      writeString(o.toString());
    }
  }

  @Override
  public void writeObject(Object pojo) throws IOException {
    viaTokens(b -> b.writeObject(pojo));
  }

  @Override
  public void writeTree(TreeNode node) throws IOException {
    viaTokens(b -> b.writeTree(node));
  }

  @Override
  public void writeEmbeddedObject(Object object) throws IOException {
    viaTokens(b -> b.writeEmbeddedObject(object));
  }

  @Override
  public void writeNumber(String encoded) throws IOException {
    viaTokens(b -> b.writeNumber(encoded));
  }

  @Override
  public void writeBinary(Base64Variant variant, byte[] data, int offset, int len) throws IOException {
    viaTokens(b -> b.writeBinary(variant, data, offset, len));
  }

  @Override
  public int writeBinary(Base64Variant variant, InputStream data, int dataLength) throws IOException {
    int[] read = new int[1];
    viaTokens(b -> read[0] = b.writeBinary(variant, data, dataLength));
    return read[0];
  }

  @Override
  public void writeString(Reader reader, int len) throws IOException {
    viaTokens(b -> b.writeString(reader, len));
  }

  @Override
  public void writeRawUTF8String(byte[] text, int offset, int length) throws IOException {
    viaTokens(b -> b.writeRawUTF8String(text, offset, length));
  }

  @Override
  public void writeUTF8String(byte[] text, int offset, int length) throws IOException {
    viaTokens(b -> b.writeUTF8String(text, offset, length));
  }

  @Override
  public void writeRaw(String text) throws IOException {
    viaTokens(b -> b.writeRaw(text));
  }

  @Override
  public void writeRaw(String text, int offset, int len) throws IOException {
    viaTokens(b -> b.writeRaw(text, offset, len));
  }

  @Override
  public void writeRaw(SerializableString raw) throws IOException {
    viaTokens(b -> b.writeRaw(raw));
  }

  @Override
  public void writeRaw(char[] text, int offset, int len) throws IOException {
    viaTokens(b -> b.writeRaw(text, offset, len));
  }

  @Override
  public void writeRaw(char c) throws IOException {
    viaTokens(b -> b.writeRaw(c));
  }

  @Override
  public void writeRawValue(String text) throws IOException {
    viaTokens(b -> b.writeRawValue(text));
  }

  @Override
  public void writeRawValue(String text, int offset, int len) throws IOException {
    viaTokens(b -> b.writeRawValue(text, offset, len));
  }

  @Override
  public void writeRawValue(char[] text, int offset, int len) throws IOException {
    viaTokens(b -> b.writeRawValue(text, offset, len));
  }

  @Override
  public JsonGenerator setCodec(ObjectCodec oc) {
    codec = oc;
    return this;
  }

  @Override
  public ObjectCodec getCodec() {
    return codec;
  }

  @Override
  public Version version() {
    return VERSION;
  }

  @Override
  public JsonGenerator enable(Feature f) {
    features |= f.getMask();
    return this;
  }

  @Override
  public JsonGenerator disable(Feature f) {
    features &= ~f.getMask();
    return this;
  }

  @Override
  public boolean isEnabled(Feature f) {
    return (features & f.getMask()) != 0;
  }

  @Override
  public int getFeatureMask() {
    return features;
  }

  @Override
  @Deprecated
  public JsonGenerator setFeatureMask(int values) {
    features = values;
    return this;
  }

  @Override
  public JsonGenerator useDefaultPrettyPrinter() {
    return this; // canonical text has no whitespace
  }

  @Override
  public boolean canWriteBinaryNatively() {
    return false;
  }
}
