package dev.sluice.core.model;

import com.google.common.primitives.Primitives;
import com.google.common.reflect.TypeParameter;
import com.google.common.reflect.TypeToken;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Collection;
import java.util.List;

/** Type arithmetic the model needs: compatibility of bindings, list types, readable names. */
public final class Types {
  private Types() {}

  /** {@code List<element>}. */
  public static Type listOf(Type element) {
    return listToken(TypeToken.of(element)).getType();
  }

  private static <E> TypeToken<List<E>> listToken(TypeToken<E> element) {
    return new TypeToken<List<E>>() {}.where(new TypeParameter<E>() {}, element);
  }

  /** The class behind a type ({@code List} for {@code List<String>}), primitives boxed. */
  public static Class<?> rawType(Type type) {
    Class<?> raw = type instanceof Class<?> c ? c : TypeToken.of(type).getRawType();
    return raw.isPrimitive() ? Primitives.wrap(raw) : raw; // no map lookup for the usual case (per task end)
  }

  /**
   * Whether a value of type {@code from} may be passed where {@code to} is expected. Generic
   * arguments are compared only when both sides carry them (types read from lambdas are erased).
   */
  public static boolean isAssignable(Type to, Type from) {
    if (to == Object.class || to.equals(from)) {
      return true;
    }
    if (to instanceof Class<?> || from instanceof Class<?>) {
      return rawType(to).isAssignableFrom(rawType(from)) || from == Void.class;
    }
    return TypeToken.of(to).isSupertypeOf(from);
  }

  /** Whether values of this type are lists (or collections) a map node can iterate. */
  public static boolean isCollection(Type type) {
    return Collection.class.isAssignableFrom(rawType(type));
  }

  /** The element type of a collection type; Object when erased. */
  public static Type elementType(Type collectionType) {
    if (collectionType instanceof ParameterizedType p && isCollection(p)) {
      return TypeToken.of(collectionType)
          .resolveType(Collection.class.getTypeParameters()[0])
          .getType();
    }
    return Object.class;
  }

  /** A short readable name: {@code List<Double>} rather than {@code java.util.List<java.lang.Double>}. */
  public static String describe(Type type) {
    String name = type.getTypeName();
    StringBuilder out = new StringBuilder(name.length());
    int start = 0;
    for (int i = 0; i <= name.length(); i++) {
      char c = i < name.length() ? name.charAt(i) : ',';
      if (c == '<' || c == '>' || c == ',' || c == ' ' || c == '[' || c == ']') {
        String part = name.substring(start, i);
        int dot = Math.max(part.lastIndexOf('.'), part.lastIndexOf('$'));
        out.append(dot >= 0 ? part.substring(dot + 1) : part);
        if (i < name.length()) {
          out.append(c);
        }
        start = i + 1;
      }
    }
    return out.toString();
  }
}
