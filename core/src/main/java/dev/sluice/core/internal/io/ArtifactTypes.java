package dev.sluice.core.internal.io;

import dev.sluice.core.artifact.DirRef;
import dev.sluice.core.artifact.FileRef;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which types may hold a {@link FileRef} or {@link DirRef}, so that the engine looks for artifacts
 * to upload only in the outputs that can have some. Read from declarations: record components and
 * fields, type arguments of collections, maps and optionals, array components, permitted subclasses
 * of sealed types. A type it cannot see through ({@code Object}, an interface, a type variable) may
 * hold one; platform types ({@code java.*}) other than containers never do. Answers are cached.
 */
public final class ArtifactTypes {
  private final Map<Type, Boolean> known = new ConcurrentHashMap<>();

  /** Whether a value declared as {@code declared}, here {@code value}, may hold artifacts. */
  public boolean mayHold(Type declared, Object value) {
    return value != null && mayHold(declared) && mayHold(value.getClass());
  }

  /** Whether a value of this declared type may hold artifacts. */
  public boolean mayHold(Type type) {
    Boolean answer = known.get(type);
    if (answer == null) {
      answer = scan(type, new HashSet<>());
      known.put(type, answer);
    }
    return answer;
  }

  private static boolean scan(Type type, Set<Type> seen) {
    if (!seen.add(type)) {
      return false; // already being looked at higher up
    }
    if (type instanceof ParameterizedType p) {
      for (Type arg : p.getActualTypeArguments()) {
        if (scan(arg, seen)) {
          return true;
        }
      }
      Class<?> raw = (Class<?>) p.getRawType();
      return !isPlatform(raw) && scanClass(raw, seen);
    }
    if (type instanceof GenericArrayType a) {
      return scan(a.getGenericComponentType(), seen);
    }
    if (type instanceof WildcardType w) {
      return scan(w.getUpperBounds()[0], seen);
    }
    if (type instanceof Class<?> c) {
      if (c == FileRef.class || c == DirRef.class) {
        return true;
      }
      if (c.isArray()) {
        return scan(c.getComponentType(), seen);
      }
      if (c.isPrimitive() || c.isEnum()) {
        return false;
      }
      if (isPlatform(c)) {
        // a raw container, or Object: its content is not declared
        return c == Object.class || Iterable.class.isAssignableFrom(c) || Map.class.isAssignableFrom(c)
            || c == java.util.Optional.class;
      }
      return scanClass(c, seen);
    }
    return true; // a type variable: unknown
  }

  private static boolean scanClass(Class<?> c, Set<Type> seen) {
    if (c.isSealed()) {
      for (Class<?> sub : c.getPermittedSubclasses()) {
        if (scan(sub, seen)) {
          return true;
        }
      }
      return false;
    }
    if (c.isInterface() || Modifier.isAbstract(c.getModifiers())) {
      return true;
    }
    for (Class<?> k = c; k != null && !isPlatform(k); k = k.getSuperclass()) {
      for (Field f : k.getDeclaredFields()) {
        if (!Modifier.isStatic(f.getModifiers()) && !Modifier.isTransient(f.getModifiers())
            && scan(f.getGenericType(), seen)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean isPlatform(Class<?> c) {
    String name = c.getName();
    return name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("jdk.");
  }
}
