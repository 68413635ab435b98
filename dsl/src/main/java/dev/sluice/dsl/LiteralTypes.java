package dev.sluice.dsl;

import com.google.common.reflect.TypeParameter;
import com.google.common.reflect.TypeToken;
import dev.sluice.core.model.Types;
import java.lang.reflect.Type;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The type of a literal given without one: its class, except that a list, set or map is typed by
 * its interface and the common class of its elements ({@code List.of(1.0, 2.0)} is a {@code
 * List<Double>}, not an {@code ImmutableCollections.ListN}), so that it can feed a map node.
 */
final class LiteralTypes {
  private LiteralTypes() {}

  static Type of(Object value) {
    if (value instanceof List<?> list) {
      return Types.listOf(common(list));
    }
    if (value instanceof Set<?> set) {
      return setOf(TypeToken.of(common(set))).getType();
    }
    if (value instanceof Map<?, ?> map) {
      return mapOf(TypeToken.of(common(map.keySet())), TypeToken.of(common(map.values()))).getType();
    }
    if (value instanceof Enum<?> e) {
      return e.getDeclaringClass();
    }
    return value.getClass();
  }

  /** The most specific class all non-null elements are instances of; Object when empty. */
  private static Class<?> common(Collection<?> elements) {
    Class<?> common = null;
    for (Object e : elements) {
      if (e == null) {
        continue;
      }
      Class<?> c = e instanceof Enum<?> en ? en.getDeclaringClass() : e.getClass();
      if (common == null) {
        common = c;
      } else {
        while (!common.isAssignableFrom(c)) {
          common = common.getSuperclass();
        }
      }
      if (common == Object.class) {
        break;
      }
    }
    return common == null ? Object.class : common;
  }

  private static <E> TypeToken<Set<E>> setOf(TypeToken<E> element) {
    return new TypeToken<Set<E>>() {}.where(new TypeParameter<E>() {}, element);
  }

  private static <K, V> TypeToken<Map<K, V>> mapOf(TypeToken<K> key, TypeToken<V> value) {
    return new TypeToken<Map<K, V>>() {}.where(new TypeParameter<K>() {}, key)
        .where(new TypeParameter<V>() {}, value);
  }
}
