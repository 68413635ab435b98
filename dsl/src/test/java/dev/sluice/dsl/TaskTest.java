package dev.sluice.dsl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.model.Param;
import dev.sluice.core.model.Placement;
import dev.sluice.core.model.Resources;
import dev.sluice.core.model.RetryPolicy;
import dev.sluice.core.model.TaskBody;
import dev.sluice.core.model.TaskSpec;
import dev.sluice.core.model.Toleration;
import dev.sluice.core.model.Types;
import dev.sluice.dsl.Fixtures.Dataset;
import dev.sluice.dsl.Fixtures.Model;
import dev.sluice.dsl.Fixtures.Params;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TaskTest {

  private static List<Type> inputTypes(TaskSpec spec) {
    return spec.inputs().stream().map(Param::type).toList();
  }

  private static List<String> inputNames(TaskSpec spec) {
    return spec.inputs().stream().map(Param::name).toList();
  }

  private static Object invoke(TaskSpec spec, Object... args) throws Exception {
    return ((TaskBody.Jvm) spec.body()).invoker().invoke(args, null);
  }

  @Test
  void typesAreReadFromLambdas() {
    Task1<Params, Dataset> load = Task.named("load").of(p -> Fixtures.generate(p.samples()));
    Task2<Dataset, Params, Model> train = Task.named("train").of((d, p) -> Fixtures.fit(d, p.lr()));
    Task0<String> hello = Task.named("hello").of(() -> "hi");
    Task3<Integer, Integer, Integer, Integer> sum3 = Task.named("sum3").of((a, b, c) -> a + b + c);
    Task4<String, Integer, Boolean, Double, String> four =
        Task.named("four").of((s, i, b, d) -> s + i + b + d);

    assertThat(inputTypes(load.spec())).containsExactly(Params.class);
    assertThat(load.spec().output()).isEqualTo(Dataset.class);
    assertThat(inputTypes(train.spec())).containsExactly(Dataset.class, Params.class);
    assertThat(train.spec().output()).isEqualTo(Model.class);
    assertThat(hello.spec().inputs()).isEmpty();
    assertThat(hello.spec().output()).isEqualTo(String.class);
    assertThat(inputTypes(sum3.spec())).containsExactly(Integer.class, Integer.class, Integer.class);
    assertThat(inputTypes(four.spec()))
        .containsExactly(String.class, Integer.class, Boolean.class, Double.class);
    assertThat(four.spec().output()).isEqualTo(String.class);
  }

  @Test
  void typesAreReadFromMethodReferencesWithPrimitivesBoxedAndGenericsKept() {
    Task2<Model, Dataset, Double> evaluate = Task.named("evaluate").of(Fixtures::accuracy);
    Task1<Dataset, List<Double>> scores = Task.named("scores").of(Fixtures::scores);
    Task1<String, String> trim = Task.named("trim").of(String::trim);

    assertThat(inputTypes(evaluate.spec())).containsExactly(Model.class, Dataset.class);
    assertThat(evaluate.spec().output()).isEqualTo(Double.class);
    assertThat(scores.spec().output()).isEqualTo(Types.listOf(Double.class));
    assertThat(inputTypes(trim.spec())).containsExactly(String.class);
    assertThat(trim.spec().output()).isEqualTo(String.class);
  }

  @Test
  void typesAreReadFromCapturingLambdasAndBoundMethodReferences() {
    double factor = 2.5;
    Dataset data = Fixtures.generate(2);
    Task1<Integer, Double> scale = Task.named("scale").of(x -> x * factor);
    Task0<List<Double>> rows = Task.named("rows").of(data::rows);
    Task1<String, Boolean> isPrefix = Task.named("prefix").of("sluice"::equalsIgnoreCase);

    assertThat(inputTypes(scale.spec())).containsExactly(Integer.class);
    assertThat(scale.spec().output()).isEqualTo(Double.class);
    assertThat(rows.spec().output()).isEqualTo(Types.listOf(Double.class));
    assertThat(inputTypes(isPrefix.spec())).containsExactly(String.class);
    assertThat(isPrefix.spec().output()).isEqualTo(Boolean.class);
  }

  @Test
  void typesOfAClassImplementingFnAreResolvedFromItsTypeArguments() {
    Task1<Integer, Long> square = Task.named("square").of(new Fixtures.Square());
    Task1<List<String>, Integer> size =
        Task.named("size")
            .of(
                new Fn1<List<String>, Integer>() {
                  @Override
                  public Integer apply(List<String> xs) {
                    return xs.size();
                  }
                });

    assertThat(inputTypes(square.spec())).containsExactly(Integer.class);
    assertThat(square.spec().output()).isEqualTo(Long.class);
    assertThat(inputTypes(size.spec())).containsExactly(Types.listOf(String.class));
    assertThat(size.spec().output()).isEqualTo(Integer.class);
  }

  @Test
  void theInvokerPassesArgumentsInOrderAndReturnsTheResult() throws Exception {
    Task2<String, Integer, String> repeat = Task.named("repeat").of((s, n) -> s.repeat(n));
    Task0<Integer> answer = Task.named("answer").of(() -> 42);
    Task1<Integer, Long> square = Task.named("square").of(new Fixtures.Square());

    assertThat(invoke(repeat.spec(), "ab", 3)).isEqualTo("ababab");
    assertThat(invoke(answer.spec())).isEqualTo(42);
    assertThat(invoke(square.spec(), 7)).isEqualTo(49L);
  }

  @Test
  void everyOptionLandsInTheTaskSpec() {
    RetryPolicy retry = RetryPolicy.exponential(3, Duration.ofSeconds(2));
    Toleration gpu = Toleration.of("gpu", "true", "NoSchedule");
    Task2<Dataset, Params, Model> train =
        Task.named("train")
            .version("2")
            .retry(retry)
            .timeout(Duration.ofMinutes(30))
            .resources(r -> r.cpu(4).memory("8Gi").gpu(1).custom("trainer", 1))
            .executor("ray")
            .image("repo/img:1")
            .nodeSelector("kubernetes.io/arch", "arm64")
            .toleration(gpu)
            .env("MODE", "prod")
            .maxConcurrency(2)
            .inputNames("dataset", "params")
            .of((d, p) -> Fixtures.fit(d, p.lr()));

    TaskSpec spec = train.spec();
    assertThat(spec.name()).isEqualTo("train");
    assertThat(train.name()).isEqualTo("train");
    assertThat(spec.version()).isEqualTo("2");
    assertThat(spec.retry()).isEqualTo(retry);
    assertThat(spec.timeout()).contains(Duration.ofMinutes(30));
    assertThat(spec.maxConcurrency()).isEqualTo(2);
    assertThat(spec.resources()).isEqualTo(new Resources(4, "8Gi", 1, Map.of("trainer", 1.0)));
    assertThat(spec.placement())
        .isEqualTo(
            new Placement(
                "ray", "repo/img:1", Map.of("kubernetes.io/arch", "arm64"), List.of(gpu),
                Map.of("MODE", "prod")));
    assertThat(inputNames(spec)).containsExactly("dataset", "params");
    assertThat(spec.isCommand()).isFalse();
  }

  @Test
  void defaultsAreVersionOneNoRetryNoLimitsDefaultPlacementAndNamesIn0ToIn3() {
    Task4<Integer, Integer, Integer, Integer, Integer> add4 =
        Task.named("add4").of((a, b, c, d) -> a + b + c + d);
    TaskSpec spec = add4.spec();
    assertThat(spec.version()).isEqualTo("1");
    assertThat(spec.retry()).isEqualTo(RetryPolicy.NONE);
    assertThat(spec.timeout()).isEqualTo(Optional.empty());
    assertThat(spec.maxConcurrency()).isZero();
    assertThat(spec.resources()).isEqualTo(Resources.NONE);
    assertThat(spec.placement()).isEqualTo(Placement.DEFAULT);
    assertThat(inputNames(spec)).containsExactly("in0", "in1", "in2", "in3");
  }

  @Test
  void explicitTypesOverrideTheInferredOnes() {
    Type listOfDouble = Types.listOf(Double.class);
    Task1<Object, List<Double>> t =
        Task.named("explicit")
            .inputTypes(Integer.class)
            .outputType(listOfDouble)
            .of(x -> List.of(1.0));
    assertThat(inputTypes(t.spec())).containsExactly(Integer.class);
    assertThat(t.spec().output()).isEqualTo(listOfDouble);
  }

  @Test
  void commandTasksCarryArgvEnvironmentTypesAndSharedOptions() {
    Task1<Dataset, Model> pyTrain =
        Task.named("py-train")
            .retry(RetryPolicy.exponential(2, Duration.ofSeconds(1)))
            .command("python3", "train.py", "--epochs", "3")
            .env("X", "1")
            .image("py:3.12")
            .inputNames("dataset")
            .of(Dataset.class, Model.class);

    TaskSpec spec = pyTrain.spec();
    assertThat(spec.isCommand()).isTrue();
    TaskBody.Command body = (TaskBody.Command) spec.body();
    assertThat(body.command()).containsExactly("python3", "train.py", "--epochs", "3");
    assertThat(body.environment()).containsExactly(Map.entry("X", "1"));
    assertThat(spec.retry().maxAttempts()).isEqualTo(2);
    assertThat(spec.placement().image()).isEqualTo("py:3.12");
    assertThat(inputNames(spec)).containsExactly("dataset");
    assertThat(inputTypes(spec)).containsExactly(Dataset.class);
    assertThat(spec.output()).isEqualTo(Model.class);

    Task0<String> noInput = Task.named("date").command("date").of(String.class);
    Task4<String, String, String, String, Integer> four =
        Task.named("cmd4").command("wc").of(String.class, String.class, String.class, String.class, Integer.class);
    assertThat(noInput.spec().inputs()).isEmpty();
    assertThat(inputNames(four.spec())).containsExactly("in0", "in1", "in2", "in3");
    assertThat(four.spec().output()).isEqualTo(Integer.class);
  }

  @Test
  void theBuilderIsMutableButTasksAlreadyMadeAreNot() {
    TaskBuilder b = Task.named("inc").version("1");
    Task1<Integer, Integer> v1 = b.of(x -> x + 1);
    Task1<Integer, Integer> v2 = b.version("2").of(x -> x + 1);
    assertThat(v1.spec().version()).isEqualTo("1");
    assertThat(v2.spec().version()).isEqualTo("2");
  }

  @Test
  void withCopiesATaskWithChangedOptionsKeepingBodyTypesAndNames() throws Exception {
    Task2<String, Integer, String> repeat =
        Task.named("repeat").inputNames("text", "times").of((s, n) -> s.repeat(n));
    Task2<String, Integer, String> slow = repeat.with(b -> b.timeout(Duration.ofSeconds(5)));

    assertThat(slow.spec().timeout()).contains(Duration.ofSeconds(5));
    assertThat(repeat.spec().timeout()).isEmpty();
    assertThat(inputNames(slow.spec())).containsExactly("text", "times");
    assertThat(inputTypes(slow.spec())).containsExactly(String.class, Integer.class);
    assertThat(invoke(slow.spec(), "x", 2)).isEqualTo("xx");
  }

  @Test
  void mismatchedInputNamesOrTypesAndBadNamesAreRejectedWithTheTaskName() {
    assertThatThrownBy(() -> Task.named("train").inputNames("only-one").of((Integer a, Integer b) -> a))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("task 'train' takes 2 input(s) but inputNames(...) gives 1 name(s)");
    assertThatThrownBy(() -> Task.named("train").inputTypes(String.class).of(() -> 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("task 'train' takes 0 input(s) but inputTypes(...) gives 1 type(s)");
    assertThatThrownBy(() -> Task.named("bad name"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("task name 'bad name' is not valid");
    assertThatThrownBy(() -> Task.named("t").of((Fn1<Integer, Integer>) null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("task 't'");
    assertThatThrownBy(() -> Task.named("t").command())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs the program");
  }
}
