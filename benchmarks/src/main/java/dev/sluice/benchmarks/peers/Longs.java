package dev.sluice.benchmarks.peers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flyte.api.v1.Literal;
import org.flyte.api.v1.Primitive;
import org.flyte.api.v1.Scalar;
import org.flyte.api.v1.Variable;
import org.flyte.flytekit.SdkBindingData;
import org.flyte.flytekit.SdkBindingDataFactory;
import org.flyte.flytekit.SdkLiteralType;
import org.flyte.flytekit.SdkLiteralTypes;
import org.flyte.flytekit.SdkType;

/**
 * A flytekit-java {@link SdkType} of {@code n} integer variables {@code in0 .. in(n-1)}: the input
 * type of a join task with {@code n} inputs. flytekit-java usually derives such types from an
 * AutoValue class with flytekit-jackson; a join of 1,000 inputs cannot be written that way, so this
 * type does by hand what a generated one does (one integer literal per variable).
 */
final class Longs extends SdkType<List<SdkBindingData<Long>>> {
  private static final SdkLiteralType<Long> INTEGERS = SdkLiteralTypes.integers();

  private final String[] names;

  Longs(int n) {
    names = new String[n];
    for (int k = 0; k < n; k++) {
      names[k] = "in" + k;
    }
  }

  @Override
  public Map<String, Literal> toLiteralMap(List<SdkBindingData<Long>> values) {
    Map<String, Literal> out = new LinkedHashMap<>();
    for (int k = 0; k < names.length; k++) {
      out.put(names[k], Literal.ofScalar(Scalar.ofPrimitive(Primitive.ofIntegerValue(values.get(k).get()))));
    }
    return out;
  }

  @Override
  public List<SdkBindingData<Long>> fromLiteralMap(Map<String, Literal> literals) {
    List<SdkBindingData<Long>> out = new ArrayList<>(names.length);
    for (String name : names) {
      out.add(SdkBindingDataFactory.of(literals.get(name).scalar().primitive().integerValue()));
    }
    return out;
  }

  @Override
  public List<SdkBindingData<Long>> promiseFor(String nodeId) {
    List<SdkBindingData<Long>> out = new ArrayList<>(names.length);
    for (String name : names) {
      out.add(SdkBindingData.promise(INTEGERS, nodeId, name));
    }
    return out;
  }

  @Override
  public Map<String, Variable> getVariableMap() {
    Map<String, Variable> out = new LinkedHashMap<>();
    for (String name : names) {
      out.put(name, Variable.builder().literalType(INTEGERS.getLiteralType()).description("").build());
    }
    return out;
  }

  @Override
  public Map<String, SdkLiteralType<?>> toLiteralTypes() {
    Map<String, SdkLiteralType<?>> out = new LinkedHashMap<>();
    for (String name : names) {
      out.put(name, INTEGERS);
    }
    return out;
  }

  @Override
  public Map<String, SdkBindingData<?>> toSdkBindingMap(List<SdkBindingData<Long>> values) {
    Map<String, SdkBindingData<?>> out = new LinkedHashMap<>();
    for (int k = 0; k < names.length; k++) {
      out.put(names[k], values.get(k));
    }
    return out;
  }
}
