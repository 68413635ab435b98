package dev.sluice.core.internal.io;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.BeanPropertyWriter;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import com.fasterxml.jackson.databind.ser.BeanSerializer;
import com.fasterxml.jackson.databind.ser.BeanSerializerModifier;
import java.io.IOException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * Jackson's bean serializer, which writes a bean's properties into a {@link CanonicalGenerator} in
 * canonical order (names sorted by UTF-16 code units, as {@link CanonicalJson} sorts them): the
 * generator then holds nothing to sort them at the object's end (a record's components are seldom
 * in that order, and a list of records paid a copy of every row). Each property is still written by
 * Jackson's own {@link BeanPropertyWriter}, so the text is the same; only the order of the calls
 * changes, which the canonical text does not depend on. A plain {@code double} property ({@link
 * DoubleGetters.Writer#plainGetter}) is the exception: its name and value go to the generator in one
 * call, as that writer would write them; a bean of such properties only (a row of measurements) is
 * written as one object with no output context, since no serializer runs inside it.
 *
 * <p>Only on the cache key's mapper, and only for plain beans: no object id, filter, any-getter,
 * view, unwrapping property, or property whose type id is written beside it, and every property
 * one of Jackson's own writers (one field of its name, or none); anything else, and any other
 * generator, takes Jackson's path unchanged. Beans written with a type id or as an array ({@code @JsonFormat(shape = ARRAY)}) never reach this
 * method (they take other serializers or {@code serializeWithType}), so their order is Jackson's.
 */
final class SortedBeanSerializer extends BeanSerializer {
  private static final long serialVersionUID = 1L;

  /**
   * How the bean is written: null until resolved, or if the bean is not plain. One object of final
   * fields, so that a thread that sees it sees all of it.
   */
  private transient Plan plan;

  /**
   * The properties in canonical order; per property its plain {@code double} getter (written here)
   * or null (written by Jackson), its name, and its canonical text with the colon ({@link
   * CanonicalBuffer#fieldText}); whether every property is such a {@code double} (then the bean is
   * written with no output context).
   */
  private record Plan(
      BeanPropertyWriter[] props, ToDoubleFunction<Object>[] doubles, String[] names, byte[][] texts,
      boolean allDoubles) {}

  private SortedBeanSerializer(BeanSerializer src) {
    super(src);
  }

  /** The module that installs it (on the key's mapper). */
  static Module module() {
    return new SimpleModule("sluice-sorted-beans").setSerializerModifier(new BeanSerializerModifier() {
      private static final long serialVersionUID = 1L;

      @Override
      public JsonSerializer<?> modifySerializer(
          SerializationConfig config, BeanDescription bean, JsonSerializer<?> serializer) {
        return serializer.getClass() == BeanSerializer.class
            ? new SortedBeanSerializer((BeanSerializer) serializer)
            : serializer;
      }
    });
  }

  @Override
  public void resolve(SerializerProvider provider) throws JsonMappingException {
    super.resolve(provider);
    BeanPropertyWriter[] props = plain() ? inCanonicalOrder(_props) : null;
    if (props == null) {
      return;
    }
    @SuppressWarnings({"unchecked", "rawtypes"})
    ToDoubleFunction<Object>[] doubles = new ToDoubleFunction[props.length];
    String[] names = new String[props.length];
    byte[][] texts = new byte[props.length][];
    for (int i = 0; i < props.length; i++) {
      doubles[i] = props[i] instanceof DoubleGetters.Writer w ? w.plainGetter() : null;
      names[i] = props[i].getName();
      texts[i] = CanonicalBuffer.fieldText(names[i]);
    }
    plan = new Plan(props, doubles, names, texts, Arrays.stream(doubles).allMatch(Objects::nonNull));
  }

  private boolean plain() {
    if (_objectIdWriter != null || _propertyFilterId != null || _anyGetterWriter != null || _filteredProps != null) {
      return false;
    }
    for (BeanPropertyWriter p : _props) {
      if ((p.getClass() != BeanPropertyWriter.class && p.getClass() != DoubleGetters.Writer.class)
          || p.isUnwrapping() || writesTypeIdBeside(p)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether Jackson writes this property's type id as a field of the bean after the value
   * ({@code As.EXTERNAL_PROPERTY}): a field this serializer's order does not know of.
   */
  private static boolean writesTypeIdBeside(BeanPropertyWriter p) {
    TypeSerializer types = p.getTypeSerializer();
    return types != null && types.getTypeInclusion() == JsonTypeInfo.As.EXTERNAL_PROPERTY;
  }

  /** The properties sorted by name; null if two share a name (the generator's sort keeps the last). */
  private static BeanPropertyWriter[] inCanonicalOrder(BeanPropertyWriter[] props) {
    BeanPropertyWriter[] out = props.clone();
    Arrays.sort(out, Comparator.comparing(BeanPropertyWriter::getName));
    for (int i = 1; i < out.length; i++) {
      if (out[i - 1].getName().equals(out[i].getName())) {
        return null;
      }
    }
    return out;
  }

  /** The names of the properties in the order written, or null if the bean takes Jackson's path (for tests). */
  List<String> sortedNames() {
    return plan == null ? null : List.of(plan.names());
  }

  /** How many properties are {@code double}s written straight into the generator (for tests). */
  int directDoubles() {
    return plan == null ? 0 : (int) Arrays.stream(plan.doubles()).filter(Objects::nonNull).count();
  }

  @Override
  public void serialize(Object bean, JsonGenerator gen, SerializerProvider provider) throws IOException {
    Plan p = plan;
    if (p == null || !(gen instanceof CanonicalGenerator g)) {
      super.serialize(bean, gen, provider);
      return;
    }
    if (p.allDoubles()) {
      writeDoubles(p, bean, g, provider);
      return;
    }
    BeanPropertyWriter[] props = p.props();
    g.writeStartSortedObject(bean);
    int i = 0;
    try {
      for (; i < props.length; i++) {
        ToDoubleFunction<Object> getter = p.doubles()[i];
        if (getter != null) {
          g.writeDoubleField(p.names()[i], p.texts()[i], getter.applyAsDouble(bean));
        } else {
          props[i].serializeAsField(bean, g, provider);
        }
      }
    } catch (Exception e) {
      wrapAndThrow(provider, e, bean, props[i].getName());
    } catch (StackOverflowError e) { // as Jackson's own loop reports it
      JsonMappingException failure = new JsonMappingException(g, "Infinite recursion (StackOverflowError)", e);
      failure.prependPath(bean, props[i].getName());
      throw failure;
    }
    g.writeEndObject();
  }

  /** A bean whose properties are all plain {@code double}s: one object of direct fields. */
  private void writeDoubles(Plan p, Object bean, CanonicalGenerator g, SerializerProvider provider) throws IOException {
    byte[][] texts = p.texts();
    ToDoubleFunction<Object>[] doubles = p.doubles();
    g.writeStartDirectObject();
    int i = 0;
    try {
      for (; i < texts.length; i++) {
        g.writeDirectDouble(texts[i], i == 0, doubles[i].applyAsDouble(bean));
      }
    } catch (Exception e) {
      wrapAndThrow(provider, e, bean, p.names()[i]);
    }
    g.writeEndDirectObject();
  }
}
