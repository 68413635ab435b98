package dev.sluice.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.reflect.TypeToken;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TypesTest {
  private static final Type LIST_OF_STRING = Types.listOf(String.class);
  private static final Type LIST_OF_LONG = Types.listOf(Long.class);

  @Test
  void listOfIsTheParameterizedListType() {
    assertThat(LIST_OF_STRING).isEqualTo(new TypeToken<List<String>>() {}.getType());
    assertThat(Types.listOf(LIST_OF_LONG)).isEqualTo(new TypeToken<List<List<Long>>>() {}.getType());
  }

  @Test
  void boxingBothWays() {
    assertThat(Types.isAssignable(int.class, Integer.class)).isTrue();
    assertThat(Types.isAssignable(Integer.class, int.class)).isTrue();
    assertThat(Types.isAssignable(Number.class, int.class)).isTrue();
    assertThat(Types.isAssignable(long.class, Integer.class)).as("no widening").isFalse();
    assertThat(Types.isAssignable(long.class, int.class)).as("no widening").isFalse();
  }

  @Test
  void subclasses() {
    assertThat(Types.isAssignable(Number.class, Long.class)).isTrue();
    assertThat(Types.isAssignable(Long.class, Number.class)).isFalse();
    assertThat(Types.isAssignable(CharSequence.class, String.class)).isTrue();
    assertThat(Types.isAssignable(String.class, Long.class)).isFalse();
    assertThat(Types.isAssignable(Collection.class, LIST_OF_STRING)).isTrue();
  }

  @Test
  void rawAndParameterizedLists() {
    assertThat(Types.isAssignable(List.class, LIST_OF_STRING)).as("raw target").isTrue();
    assertThat(Types.isAssignable(LIST_OF_STRING, List.class)).as("erased source").isTrue();
    assertThat(Types.isAssignable(LIST_OF_STRING, ArrayList.class)).isTrue();
    assertThat(Types.isAssignable(LIST_OF_STRING, LIST_OF_LONG)).isFalse();
    assertThat(Types.isAssignable(Types.listOf(Object.class), LIST_OF_STRING)).as("invariant").isFalse();
    assertThat(Types.isAssignable(LIST_OF_STRING, Set.class)).isFalse();
    Type numbers = new TypeToken<Collection<? extends Number>>() {}.getType();
    assertThat(Types.isAssignable(numbers, LIST_OF_LONG)).isTrue();
    assertThat(Types.isAssignable(numbers, LIST_OF_STRING)).isFalse();
  }

  @Test
  void objectAcceptsEverything() {
    assertThat(Types.isAssignable(Object.class, int.class)).isTrue();
    assertThat(Types.isAssignable(Object.class, LIST_OF_STRING)).isTrue();
    assertThat(Types.isAssignable(Object.class, String[].class)).isTrue();
    assertThat(Types.isAssignable(String.class, Object.class)).isFalse();
  }

  @Test
  void voidGoesAnywhere() {
    assertThat(Types.isAssignable(String.class, Void.class)).isTrue();
    assertThat(Types.isAssignable(LIST_OF_STRING, Void.class)).isTrue();
  }

  @Test
  void describeIsShort() {
    assertThat(Types.describe(Types.listOf(Double.class))).isEqualTo("List<Double>");
    assertThat(Types.describe(new TypeToken<Map<String, List<Long>>>() {}.getType()))
        .isEqualTo("Map<String, List<Long>>");
    assertThat(Types.describe(new TypeToken<Collection<? extends Number>>() {}.getType()))
        .isEqualTo("Collection<? extends Number>");
    assertThat(Types.describe(String[].class)).isEqualTo("String[]");
    assertThat(Types.describe(Map.Entry.class)).isEqualTo("Entry");
    assertThat(Types.describe(int.class)).isEqualTo("int");
    assertThat(Types.describe(Long.class)).isEqualTo("Long");
  }

  @Test
  void elementType() {
    assertThat(Types.elementType(Types.listOf(Double.class))).isEqualTo(Double.class);
    assertThat(Types.elementType(LIST_OF_STRING)).isEqualTo(String.class);
    assertThat(Types.elementType(List.class)).as("erased").isEqualTo(Object.class);
    assertThat(Types.elementType(new TypeToken<Set<Long>>() {}.getType())).isEqualTo(Long.class);
    assertThat(Types.elementType(new TypeToken<ArrayList<Integer>>() {}.getType())).isEqualTo(Integer.class);
    assertThat(Types.elementType(new TypeToken<Optional<String>>() {}.getType()))
        .as("not a collection")
        .isEqualTo(Object.class);
    assertThat(Types.elementType(Types.listOf(LIST_OF_LONG))).isEqualTo(LIST_OF_LONG);
  }

  @Test
  void isCollectionAndRawType() {
    assertThat(Types.isCollection(LIST_OF_STRING)).isTrue();
    assertThat(Types.isCollection(Set.class)).isTrue();
    assertThat(Types.isCollection(Map.class)).isFalse();
    assertThat(Types.isCollection(String.class)).isFalse();
    assertThat(Types.rawType(LIST_OF_STRING)).isEqualTo(List.class);
    assertThat(Types.rawType(int.class)).isEqualTo(Integer.class);
    assertThat(Types.rawType(String.class)).isEqualTo(String.class);
  }
}
