package dev.sluice.core.internal.io;

import static java.lang.invoke.MethodType.methodType;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.introspect.AnnotatedMethod;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.BeanPropertyWriter;
import com.fasterxml.jackson.databind.ser.BeanSerializerModifier;
import com.fasterxml.jackson.databind.ser.std.NumberSerializers;
import java.lang.invoke.LambdaMetafactory;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Reads a bean's primitive {@code double} getters (a record's components) through a {@link
 * ToDoubleFunction} made by {@link LambdaMetafactory} instead of {@code Method.invoke}, which boxes
 * every value: a cache key serializes every row of its inputs, and a list of records of doubles
 * spent a third of its key there. Jackson's Blackbird module (and Afterburner) do the same for
 * {@code int}, {@code long}, {@code boolean} and {@code String} properties but not for {@code
 * double}: measured, Blackbird changed nothing for such records.
 *
 * <p>A property is changed only when it is plain: Jackson's own writer, a getter method, no custom
 * serializer, type information or unwrapping. It writes the fast way only while the serializer
 * Jackson assigned it is its standard {@code double} one and no inclusion rule applies; anything
 * else (a {@code @JsonFormat} shape, {@code NON_DEFAULT}) takes Jackson's own path, as does a
 * getter that cannot be reached from here (a module that does not open its package). The text
 * written is the same: the field's name, then {@code writeNumber(double)}, as Jackson's serializer
 * writes it.
 */
final class DoubleGetters extends BeanSerializerModifier {
  private static final long serialVersionUID = 1L;

  private DoubleGetters() {}

  /** The module that installs it. */
  static Module module() {
    return new SimpleModule("sluice-double-getters").setSerializerModifier(new DoubleGetters());
  }

  @Override
  public List<BeanPropertyWriter> changeProperties(
      SerializationConfig config, BeanDescription bean, List<BeanPropertyWriter> properties) {
    for (int i = 0; i < properties.size(); i++) {
      BeanPropertyWriter fast = Writer.of(properties.get(i));
      if (fast != null) {
        properties.set(i, fast);
      }
    }
    return properties;
  }

  /** A property written from its getter's {@code double}, unboxed. */
  static final class Writer extends BeanPropertyWriter {
    private static final long serialVersionUID = 1L;
    /** Null after Java serialization of the writer (Jackson's path is taken then). */
    private final transient ToDoubleFunction<Object> getter;
    /** Whether the serializer Jackson assigned is its standard one for doubles. */
    private boolean standard;

    private Writer(BeanPropertyWriter base, ToDoubleFunction<Object> getter) {
      super(base);
      this.getter = getter;
    }

    /** The fast writer of {@code base}, or null if it is not a plain {@code double} getter or cannot be reached. */
    @SuppressWarnings("unchecked")
    static Writer of(BeanPropertyWriter base) {
      if (base.getClass() != BeanPropertyWriter.class
          || !(base.getMember() instanceof AnnotatedMethod method)
          || method.getParameterCount() != 0
          || method.getRawReturnType() != double.class
          || base.hasSerializer()
          || base.getTypeSerializer() != null
          || base.isUnwrapping()) {
        return null;
      }
      try {
        MethodHandles.Lookup lookup =
            MethodHandles.privateLookupIn(method.getDeclaringClass(), MethodHandles.lookup());
        MethodHandle handle = lookup.unreflect(method.getAnnotated());
        return new Writer(base, (ToDoubleFunction<Object>) LambdaMetafactory.metafactory(lookup, "applyAsDouble",
                methodType(ToDoubleFunction.class), methodType(double.class, Object.class), handle, handle.type())
            .getTarget()
            .invokeExact());
      } catch (Throwable e) { // not reachable from here: Jackson's path
        return null;
      }
    }

    @Override
    public void assignSerializer(JsonSerializer<Object> serializer) {
      super.assignSerializer(serializer);
      standard = serializer != null && serializer.getClass() == NumberSerializers.DoubleSerializer.class;
    }

    /**
     * The getter, if this property writes {@code name} and the getter's value as {@code
     * writeNumber(double)} for every bean (the fast path below); else null (Jackson's path).
     */
    ToDoubleFunction<Object> plainGetter() {
      return !standard || _suppressableValue != null || _typeSerializer != null ? null : getter;
    }

    @Override
    public void serializeAsField(Object bean, JsonGenerator g, SerializerProvider provider) throws Exception {
      if (!standard || getter == null || _suppressableValue != null || _typeSerializer != null) {
        super.serializeAsField(bean, g, provider);
        return;
      }
      double value = getter.applyAsDouble(bean);
      g.writeFieldName(_name);
      g.writeNumber(value);
    }
  }
}
