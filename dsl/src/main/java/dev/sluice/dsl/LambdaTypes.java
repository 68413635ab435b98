package dev.sluice.dsl;

import com.google.common.primitives.Primitives;
import com.google.common.reflect.TypeToken;
import java.lang.invoke.MethodHandleInfo;
import java.lang.invoke.MethodType;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;

/**
 * Reads the input and output types of a task function, once per task definition.
 *
 * <p>A lambda or method reference of a serializable interface has a private {@code writeReplace}
 * that returns a {@link SerializedLambda}; its instantiated method type gives the erased types the
 * compiler inferred. A method reference to a real method also gives that method's generic types
 * ({@code List<Double>} rather than {@code List}). A class implementing an {@code FnN} interface has
 * its type arguments resolved with Guava; anything still unknown is {@code Object}.
 */
final class LambdaTypes {
  private LambdaTypes() {}

  /** The {@code arity} input types followed by the output type; primitives boxed. */
  static Type[] infer(Object fn, Class<?> fnInterface, int arity) {
    Type[] types = fromLambda(fn, arity);
    return types != null ? types : fromTypeArguments(fn, fnInterface, arity);
  }

  /**
   * The class whose code is the function's body: the class declaring the lambda's body or the
   * referenced method, or, for an object implementing the interface itself, its class.
   */
  static Class<?> codeClass(Object fn) {
    SerializedLambda lambda = serialized(fn);
    if (lambda == null) {
      return fn.getClass();
    }
    try {
      return Class.forName(lambda.getImplClass().replace('/', '.'), false, fn.getClass().getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      throw new IllegalArgumentException(
          "cannot find the class " + lambda.getImplClass() + " that defines a task's body: " + e, e);
    }
  }

  private static Type[] fromLambda(Object fn, int arity) {
    SerializedLambda lambda = serialized(fn);
    if (lambda == null) {
      return null;
    }
    ClassLoader loader = fn.getClass().getClassLoader();
    MethodType type;
    try {
      type = MethodType.fromMethodDescriptorString(lambda.getInstantiatedMethodType(), loader);
    } catch (RuntimeException | LinkageError e) {
      return null;
    }
    if (type.parameterCount() != arity) {
      return null;
    }
    Type[] types = new Type[arity + 1];
    for (int i = 0; i < arity; i++) {
      types[i] = Primitives.wrap(type.parameterType(i));
    }
    types[arity] = Primitives.wrap(type.returnType());
    refineFromMethod(lambda, loader, types, arity);
    return types;
  }

  /** The {@link SerializedLambda} of a serializable lambda or method reference, else null. */
  static SerializedLambda serialized(Object fn) {
    Class<?> c = fn.getClass();
    if (!c.isSynthetic() && !c.isHidden()) {
      return null; // a named class: never call a user's own writeReplace
    }
    try {
      Method writeReplace = c.getDeclaredMethod("writeReplace");
      writeReplace.setAccessible(true);
      Object replaced = writeReplace.invoke(fn);
      return replaced instanceof SerializedLambda s ? s : null;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  /** For a method reference, use the method's generic types where they only add type arguments. */
  private static void refineFromMethod(
      SerializedLambda lambda, ClassLoader loader, Type[] types, int arity) {
    if (lambda.getImplMethodKind() == MethodHandleInfo.REF_newInvokeSpecial) {
      return;
    }
    Method method;
    try {
      method = findMethod(lambda, loader);
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      return;
    }
    if (method == null || method.isSynthetic()) {
      return; // a lambda body: javac keeps no generic signature for it
    }
    Type[] params = method.getGenericParameterTypes();
    // Captured arguments come first and an unbound receiver is not a method parameter, so the
    // function's last parameters are the method's last parameters.
    int shared = Math.min(arity, params.length);
    for (int i = 1; i <= shared; i++) {
      types[arity - i] = refine(types[arity - i], params[params.length - i]);
    }
    types[arity] = refine(types[arity], method.getGenericReturnType());
  }

  private static Method findMethod(SerializedLambda lambda, ClassLoader loader)
      throws ClassNotFoundException {
    Class<?> owner = Class.forName(lambda.getImplClass().replace('/', '.'), false, loader);
    String name = lambda.getImplMethodName();
    String descriptor = lambda.getImplMethodSignature();
    for (Class<?> c = owner; c != null; c = c.getSuperclass()) {
      for (Method m : c.getDeclaredMethods()) {
        if (m.getName().equals(name) && descriptor(m).equals(descriptor)) {
          return m;
        }
      }
    }
    for (Method m : owner.getMethods()) {
      if (m.getName().equals(name) && descriptor(m).equals(descriptor)) {
        return m;
      }
    }
    return null;
  }

  private static String descriptor(Method m) {
    return MethodType.methodType(m.getReturnType(), m.getParameterTypes()).toMethodDescriptorString();
  }

  private static Type refine(Type erased, Type generic) {
    if (generic instanceof ParameterizedType
        && isConcrete(generic)
        && TypeToken.of(generic).getRawType() == erased) {
      return generic;
    }
    return erased;
  }

  private static Type[] fromTypeArguments(Object fn, Class<?> fnInterface, int arity) {
    TypeToken<?> token = TypeToken.of(fn.getClass());
    TypeVariable<?>[] vars = fnInterface.getTypeParameters();
    Type[] types = new Type[arity + 1];
    for (int i = 0; i <= arity; i++) {
      Type t;
      try {
        t = token.resolveType(vars[i]).getType();
      } catch (RuntimeException e) {
        t = Object.class;
      }
      types[i] = usable(t);
    }
    return types;
  }

  /** A type the model can compare: concrete as is, otherwise its erasure. */
  private static Type usable(Type t) {
    if (t instanceof Class<?> c) {
      return Primitives.wrap(c);
    }
    if (isConcrete(t)) {
      return t;
    }
    return Primitives.wrap(TypeToken.of(t).getRawType());
  }

  /** Whether the type mentions no type variable (bounded depth: the nesting of one declaration). */
  static boolean isConcrete(Type t) {
    if (t instanceof Class<?>) {
      return true;
    }
    if (t instanceof ParameterizedType p) {
      for (Type arg : p.getActualTypeArguments()) {
        if (!isConcrete(arg)) {
          return false;
        }
      }
      return p.getOwnerType() == null || isConcrete(p.getOwnerType());
    }
    if (t instanceof WildcardType w) {
      for (Type b : w.getUpperBounds()) {
        if (!isConcrete(b)) {
          return false;
        }
      }
      for (Type b : w.getLowerBounds()) {
        if (!isConcrete(b)) {
          return false;
        }
      }
      return true;
    }
    if (t instanceof GenericArrayType a) {
      return isConcrete(a.getGenericComponentType());
    }
    return false;
  }
}
