package dev.sluice.core.model;

import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
import java.lang.invoke.SerializedLambda;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * What tells two task bodies apart, the same in every JVM that runs the same code: two definitions
 * with one name are one task only if their bodies have the same {@link #code}. The task cache key
 * includes it, so that a store shared by two programs never serves one body's output for another
 * body's call; a workflow, an engine and a task catalog refuse two codes under one name.
 *
 * <p>The DSL derives it from the function given to {@code of(...)}: a SHA-256 of the bytecode of the
 * lambda's (or referenced method's) own method and of the methods of its class it calls, without
 * line numbers, plus the values it captures; or the task declares it ({@code .bodyId("…")}). A body
 * built in core ({@link TaskBody.Jvm#Jvm(Invoker)}) gets {@link #of(Object)}; a command is
 * identified by its command line and environment.
 *
 * @param code {@code sha256:<64 hex>} derived from the code, {@code declared:<id>} declared by the
 *     task, or {@code instance:…} for a body whose code cannot be read (never equal across JVMs)
 * @param origin where the body is, for messages: {@code com.example.Tasks::lambda$static$0},
 *     {@code command [python3, score.py]}
 */
public record BodyId(String code, String origin) {
  private static final String SHA256 = "sha256:";

  /** Captured values of these classes enter an identity by value. */
  private static final Set<Class<?>> VALUE_TYPES =
      Set.of(String.class, Integer.class, Long.class, Short.class, Byte.class, Double.class, Float.class,
          Boolean.class, Character.class, BigInteger.class, BigDecimal.class);

  /** The SHA-256 of each class's class file, read once per class; empty if it cannot be read. */
  private static final ClassValue<Optional<String>> CLASS_HASH =
      new ClassValue<>() {
        @Override
        protected Optional<String> computeValue(Class<?> type) {
          byte[] bytes = ClassBytes.read(type.getName(), type.getClassLoader());
          return Optional.ofNullable(bytes).map(b -> Hashing.sha256().hashBytes(b).toString());
        }
      };

  public BodyId {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(origin, "origin");
    if (code.isBlank()) {
      throw new IllegalArgumentException("a body id's code must not be blank");
    }
  }

  /** A body identified by the SHA-256 {@code hex} of its code. */
  public static BodyId derived(String hex, String origin) {
    if (!hex.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("a derived body id is 64 lower-case hex digits, got " + hex);
    }
    return new BodyId(SHA256 + hex, origin);
  }

  /**
   * A body whose task declares its identity: {@code id} (letters, digits, '-', '_', '.') stands for
   * the code, so a refactored body that computes the same keeps its cache entries — and a body that
   * computes something else must get a new id.
   */
  public static BodyId declared(String id, String origin) {
    Names.requireIdentifier(id, "body id");
    return new BodyId("declared:" + id, origin);
  }

  /**
   * The identity core derives for a function object. A serializable lambda or method reference
   * (every {@link Invoker} is one) is its implementing class and method, the SHA-256 of that
   * class's bytes and the values it captures; an object of a named class is that class and its
   * bytes. A body whose class file cannot be read gets an {@code instance:} code, never equal to
   * another's: declare an id to share its cache entries across JVMs.
   */
  public static BodyId of(Object function) {
    Objects.requireNonNull(function, "function");
    SerializedLambda lambda = serializedLambda(function);
    Class<?> type = function.getClass();
    Hasher h = Hashing.sha256().newHasher();
    String origin;
    Optional<String> classHash;
    if (lambda != null) {
      origin = lambda.getImplClass().replace('/', '.') + "::" + lambda.getImplMethodName();
      classHash = implClass(lambda, type).flatMap(CLASS_HASH::get);
      h.putString(origin + lambda.getImplMethodSignature(), StandardCharsets.UTF_8);
      for (int i = 0; i < lambda.getCapturedArgCount(); i++) {
        h.putString("\ncaptured " + capturedValue(lambda.getCapturedArg(i)), StandardCharsets.UTF_8);
      }
    } else if (!type.isHidden() && !type.isSynthetic()) {
      origin = type.getName();
      classHash = CLASS_HASH.get(type);
      h.putString(origin, StandardCharsets.UTF_8);
    } else {
      origin = type.getName();
      classHash = Optional.empty();
    }
    if (classHash.isEmpty()) {
      return new BodyId("instance:" + origin + "@" + Integer.toHexString(System.identityHashCode(function)), origin);
    }
    return derived(h.putByte((byte) 0).putString(classHash.get(), StandardCharsets.UTF_8).hash().toString(), origin);
  }

  private static Optional<Class<?>> implClass(SerializedLambda lambda, Class<?> lambdaType) {
    try {
      return Optional.of(Class.forName(lambda.getImplClass().replace('/', '.'), false, lambdaType.getClassLoader()));
    } catch (ClassNotFoundException | LinkageError e) {
      return Optional.empty();
    }
  }

  /** Identifies a command by its command line and environment. */
  public static BodyId ofCommand(java.util.List<String> command, Map<String, String> environment) {
    Hasher h = Hashing.sha256().newHasher().putString("command", StandardCharsets.UTF_8);
    for (String arg : command) {
      h.putByte((byte) 0).putString(arg, StandardCharsets.UTF_8);
    }
    for (Map.Entry<String, String> e : new TreeMap<>(environment).entrySet()) {
      h.putByte((byte) 1).putString(e.getKey() + "=" + e.getValue(), StandardCharsets.UTF_8);
    }
    return derived(h.hash().toString(), "command " + command);
  }

  /**
   * How a captured value enters an identity: immutable values that read the same in every JVM
   * (strings, boxed numbers, {@code BigInteger}, {@code BigDecimal}, booleans, characters, enum
   * constants, classes) by value, anything else by its class only.
   */
  public static String capturedValue(Object value) {
    if (value == null) {
      return "null";
    }
    if (VALUE_TYPES.contains(value.getClass())) { // immutable: an AtomicInteger is a Number too
      return value.getClass().getName() + ":" + value;
    }
    if (value instanceof Enum<?> e) {
      return e.getDeclaringClass().getName() + "." + e.name();
    }
    if (value instanceof Class<?> c) {
      return "class " + c.getName();
    }
    return "a " + value.getClass().getName().replaceAll("\\$\\$Lambda.*", "\\$\\$Lambda");
  }

  /** Whether the two bodies are the same code (their origins may differ). */
  public boolean sameCode(BodyId other) {
    return code.equals(other.code);
  }

  /** {@code origin (code)}, the code shortened to 12 hex digits: for messages. */
  public String describe() {
    String shown = code.startsWith(SHA256) ? code.substring(0, SHA256.length() + 12) : code;
    return origin + " (" + shown + ")";
  }

  /** The {@link SerializedLambda} of a serializable lambda or method reference, else null. */
  private static SerializedLambda serializedLambda(Object fn) {
    Class<?> c = fn.getClass();
    if (!c.isSynthetic() && !c.isHidden()) {
      return null; // a named class: never call a user's own writeReplace
    }
    try {
      Method writeReplace = c.getDeclaredMethod("writeReplace");
      writeReplace.setAccessible(true);
      return writeReplace.invoke(fn) instanceof SerializedLambda s ? s : null;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }
}
