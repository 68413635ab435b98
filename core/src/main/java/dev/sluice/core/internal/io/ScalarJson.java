package dev.sluice.core.internal.io;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.BooleanSerializer;
import com.fasterxml.jackson.databind.ser.std.NumberSerializers;
import com.fasterxml.jackson.databind.ser.std.StringSerializer;
import java.util.Map;

/**
 * The JSON text of a scalar value (a {@code Long}, {@code Integer}, {@code Short}, {@code Byte},
 * {@code Boolean}, or a {@code String} with nothing to escape) written directly, exactly as the
 * mapper would write it: {@code writeValueAsString} costs about 0.5 KB of garbage (a writer, a
 * generator, its context, a serializer provider) even for {@code 42}. Used only for the types
 * whose serializer in the mapper is Jackson's own (a module could replace one, e.g. to write longs
 * as strings) and when numbers are not written as strings; any other value returns null.
 */
public final class ScalarJson {
  private final boolean integers;
  private final boolean booleans;
  private final boolean strings;

  private ScalarJson(boolean integers, boolean booleans, boolean strings) {
    this.integers = integers;
    this.booleans = booleans;
    this.strings = strings;
  }

  /** What {@code mapper} writes as plain JSON scalars. */
  public static ScalarJson of(ObjectMapper mapper) {
    SerializerProvider provider = mapper.getSerializerProviderInstance();
    boolean numbersAsText = mapper.getFactory().isEnabled(JsonWriteFeature.WRITE_NUMBERS_AS_STRINGS.mappedFeature());
    Map<Class<?>, Class<?>> standard = Map.of(
        Long.class, NumberSerializers.LongSerializer.class,
        Integer.class, NumberSerializers.IntegerSerializer.class,
        Short.class, NumberSerializers.ShortSerializer.class,
        Byte.class, NumberSerializers.IntLikeSerializer.class);
    boolean integers = !numbersAsText;
    for (Map.Entry<Class<?>, Class<?>> e : standard.entrySet()) {
      integers &= serializer(provider, e.getKey()) == e.getValue();
    }
    return new ScalarJson(
        integers,
        serializer(provider, Boolean.class) == BooleanSerializer.class,
        serializer(provider, String.class) == StringSerializer.class
            && mapper.getFactory().getCharacterEscapes() == null
            && !mapper.getFactory().isEnabled(JsonWriteFeature.ESCAPE_NON_ASCII.mappedFeature()));
  }

  private static Class<?> serializer(SerializerProvider provider, Class<?> type) {
    try {
      JsonSerializer<Object> s = provider.findValueSerializer(type);
      return s == null ? null : s.getClass();
    } catch (JsonMappingException e) {
      return null;
    }
  }

  /** The value's JSON, or null when it is not a scalar this writes. */
  public String json(Object value) {
    if (integers && (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte)) {
      return value.toString();
    }
    if (booleans && value instanceof Boolean b) {
      return b ? "true" : "false";
    }
    if (strings && value instanceof String s && plain(s)) {
      return '"' + s + '"';
    }
    return null;
  }

  /** Nothing Jackson escapes by default: no control character, quote or backslash. */
  private static boolean plain(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == '"' || c == '\\') {
        return false;
      }
    }
    return true;
  }
}
