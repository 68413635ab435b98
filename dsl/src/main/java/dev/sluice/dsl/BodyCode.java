package dev.sluice.dsl;

import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
import dev.sluice.core.model.BodyId;
import java.lang.invoke.SerializedLambda;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Identifies the function given to {@code of(...)} ({@link BodyId}), the same in every JVM that
 * runs the same code: the SHA-256 of the bytecode of the lambda's implementing method (or of the
 * referenced method) and of every method of its class that it reaches, read without line numbers,
 * plus the values it captures. An object of a named class implementing {@code FnN} is the code of
 * all its methods. When no class file can be read, core's {@link BodyId#of} decides.
 */
final class BodyCode {
  /** Each class's code, read once per class. */
  private static final ClassValue<Optional<ClassCode>> CODE =
      new ClassValue<>() {
        @Override
        protected Optional<ClassCode> computeValue(Class<?> type) {
          return Optional.ofNullable(ClassCode.read(type.getName().replace('.', '/'), type.getClassLoader()));
        }
      };

  private BodyCode() {}

  /** The identity of {@code fn}'s code. */
  static BodyId of(Object fn) {
    SerializedLambda lambda = LambdaTypes.serialized(fn);
    Hasher h = Hashing.sha256().newHasher();
    if (lambda == null) {
      Class<?> type = fn.getClass();
      Optional<ClassCode> code = type.isHidden() ? Optional.empty() : CODE.get(type);
      if (code.isEmpty()) {
        return BodyId.of(fn);
      }
      code.get().hashAll(h.putString("class", StandardCharsets.UTF_8));
      return BodyId.derived(h.hash().toString(), type.getName());
    }
    Optional<ClassCode> code = implClass(fn, lambda).flatMap(CODE::get);
    String method = lambda.getImplMethodName() + lambda.getImplMethodSignature();
    if (code.isEmpty()) {
      return BodyId.of(fn);
    }
    if (code.get().has(method)) {
      code.get().hashReachable(method, h.putString("method", StandardCharsets.UTF_8));
    } else {
      code.get().hashAll(h.putString("class " + method, StandardCharsets.UTF_8));
    }
    for (int i = 0; i < lambda.getCapturedArgCount(); i++) {
      h.putString("\ncaptured " + BodyId.capturedValue(lambda.getCapturedArg(i)), StandardCharsets.UTF_8);
    }
    return BodyId.derived(h.hash().toString(), origin(lambda));
  }

  /** Where {@code fn}'s code is, for messages: {@code com.example.Tasks::lambda$static$0}. */
  static String origin(Object fn) {
    SerializedLambda lambda = LambdaTypes.serialized(fn);
    return lambda != null ? origin(lambda) : fn.getClass().getName();
  }

  private static String origin(SerializedLambda lambda) {
    return lambda.getImplClass().replace('/', '.') + "::" + lambda.getImplMethodName();
  }

  private static Optional<Class<?>> implClass(Object fn, SerializedLambda lambda) {
    try {
      return Optional.of(Class.forName(lambda.getImplClass().replace('/', '.'), false, fn.getClass().getClassLoader()));
    } catch (ClassNotFoundException | LinkageError e) {
      return Optional.empty();
    }
  }
}
