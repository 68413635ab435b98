package dev.sluice.testing;

import static dev.sluice.testing.SluiceAssertions.assertThat;
import static dev.sluice.testing.SluiceAssertions.assertThatThrownBy;
import static dev.sluice.testing.SluiceAssertions.tuple;

import dev.sluice.core.engine.Engine;
import dev.sluice.core.engine.RunHandle;
import dev.sluice.dsl.Task;
import dev.sluice.dsl.Task1;
import dev.sluice.dsl.Workflow;
import dev.sluice.testing.mock.Mock0;
import dev.sluice.testing.mock.Mock1;
import dev.sluice.testing.mock.Mock2;
import dev.sluice.testing.mock.Mock3;
import dev.sluice.testing.mock.Mock4;
import dev.sluice.testing.mock.NamedMock;
import dev.sluice.testing.mock.TaskMocks;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

@SluiceTest
class MockTest {

  @Test
  void aMockByReferenceReplacesTheBodyAndRecordsTypedCalls(Engine engine, TaskMocks mocks) {
    Mock1<Integer, Integer> twice = mocks.mock(Fixtures.twice).returns(100);

    assertThat(engine.run(Fixtures.CHAIN, 4)).succeeded().hasOutput("n=100");
    assertThat(twice.calls()).containsExactly(new Mock1.Call<>("twice", 1, 4));
  }

  @Test
  void aMockByNameAnswersFromTheInputs(Engine engine, TaskMocks mocks) {
    NamedMock describe = mocks.mock("describe").answers(in -> "mocked " + in.get(0));

    assertThat(engine.run(Fixtures.CHAIN, 4)).succeeded().hasOutput("mocked 8");
    assertThat(describe.calls()).containsExactly(new NamedMock.Call("describe", 1, List.of(8)));
  }

  @Test
  void answersAreTypedForEveryArity(Engine engine, TaskMocks mocks) {
    Mock0<Integer> seed = mocks.mock(Fixtures.seed).answers(() -> 1);
    Mock2<Integer, Integer, Integer> add = mocks.mock(Fixtures.add).answers((a, b) -> a * 10 + b);
    Mock3<Integer, Integer, Integer, Integer> add3 = mocks.mock(Fixtures.add3).answers((a, b, c) -> a + b + c + 1000);
    Mock4<Integer, Integer, Integer, Integer, String> join4 =
        mocks.mock(Fixtures.join4).answers((a, b, c, d) -> a + "|" + b + "|" + c + "|" + d);

    assertThat(engine.run(Fixtures.ARITIES, 2)).succeeded().hasOutput("1|2|12|1015");
    assertThat(seed.calls()).containsExactly(new Mock0.Call("seed", 1));
    assertThat(add.calls()).containsExactly(new Mock2.Call<>("add", 1, 1, 2));
    assertThat(add3.calls()).containsExactly(new Mock3.Call<>("add3", 1, 1, 2, 12));
    assertThat(join4.calls()).containsExactly(new Mock4.Call<>("join4", 1, 1, 2, 12, 1015));
  }

  @Test
  void aSequenceFailsTwiceThenReturnsAndTheTaskKeepsItsRetryPolicy(Engine engine, TaskMocks mocks) {
    Mock1<Integer, Integer> flaky =
        mocks.mock(Fixtures.flaky)
            .thenThrow(new IOException("worker lost"))
            .thenThrow(new IOException("worker lost again"))
            .returns(42);

    assertThat(engine.run(Fixtures.FLAKY, 1)).succeeded().hasOutput(42).node("flaky").ranAttempts(3);
    assertThat(flaky.calls())
        .extracting(Mock1.Call::attempt, Mock1.Call::a)
        .containsExactly(tuple(1, 1), tuple(2, 1), tuple(3, 1));
  }

  @Test
  void theLastAnswerKeepsAnsweringAndRetriesRunOut(Engine engine, TaskMocks mocks) {
    mocks.mock(Fixtures.flaky).thenThrow(new IOException("worker lost"));

    assertThat(engine.run(Fixtures.FLAKY, 1))
        .failed()
        .errorMessageContains("worker lost")
        .node("flaky").ranAttempts(3).failedWith(IOException.class);
  }

  @Test
  void mapElementsAreCalledOncePerItemWithTheirOwnPaths(Engine engine, TaskMocks mocks) {
    Mock1<Integer, Integer> square = mocks.mock(Fixtures.square).answers(x -> -x);

    assertThat(engine.run(Fixtures.SQUARES, 3)).succeeded().hasOutput(List.of(-1, -2, -3));
    assertThat(square.calls())
        .extracting(Mock1.Call::nodePath, Mock1.Call::a)
        .containsExactlyInAnyOrder(tuple("squares[0]", 1), tuple("squares[1]", 2), tuple("squares[2]", 3));
  }

  @Test
  void mockingATaskAgainReplacesTheEarlierMock(Engine engine, TaskMocks mocks) {
    Mock1<Integer, Integer> first = mocks.mock(Fixtures.twice).returns(1);
    mocks.mock(Fixtures.twice).returns(2);

    assertThat(engine.run(Fixtures.CHAIN, 4)).succeeded().hasOutput("n=2");
    assertThat(first.calls()).isEmpty();
  }

  @Test
  void answersRunOnTheEnginesTaskThreadsNotTheTestThread(Engine engine, TaskMocks mocks) {
    List<String> threads = new CopyOnWriteArrayList<>();
    mocks.mock(Fixtures.twice).answers(x -> {
      threads.add(Thread.currentThread().getName());
      return x;
    });

    assertThat(engine.run(Fixtures.CHAIN, 4)).succeeded();
    assertThat(threads).singleElement().asString().startsWith("sluice-test-").contains("-worker-");
  }

  @Test
  void aTaskForAClusterExecutorCanBeMocked(Engine engine, TaskMocks mocks) {
    mocks.mock(Fixtures.onCluster).answers(x -> x + 1000);

    assertThat(engine.run(Fixtures.CLUSTER, 1)).succeeded().hasOutput(1001);
  }

  @Test
  void aCommandTaskCanBeMocked(Engine engine, TaskMocks mocks) {
    Task1<Integer, Integer> external =
        Task.named("external").command("/definitely/not/installed/tool", "--fit").of(Integer.class, Integer.class);
    Workflow<Integer, Integer> wf = Workflow.named("external-run", Integer.class, (w, n) -> w.call(external, n));
    mocks.mock(external).answers(x -> x * 3);

    assertThat(engine.run(wf, 5)).succeeded().hasOutput(15);
  }

  @Test
  void thenThrowAcceptsOnlyExceptionsAndErrors(TaskMocks mocks) {
    Mock1<Integer, Integer> twice = mocks.mock(Fixtures.twice);

    assertThatThrownBy(() -> twice.thenThrow(new Throwable("odd")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("mock of task 'twice': thenThrow needs an Exception or an Error, got a java.lang.Throwable");
  }

  @Test
  void runsOfTheSameEngineShareTheMocks(Engine engine, TaskMocks mocks) {
    Mock1<Integer, Integer> twice = mocks.mock(Fixtures.twice).answers(x -> x);

    RunHandle<String> a = engine.run(Fixtures.CHAIN, 1);
    RunHandle<String> b = engine.run(Fixtures.CHAIN, 2);

    assertThat(a).hasOutput("n=1");
    assertThat(b).hasOutput("n=2");
    assertThat(twice.calls()).extracting(Mock1.Call::a).containsExactlyInAnyOrder(1, 2);
  }

  /**
   * Regression: mocks were matched by name alone, so a mock made for one task answered the calls
   * of another task that had the same name. It now refuses them, naming both bodies.
   */
  @Test
  void aMockOfOneTaskDoesNotAnswerAnotherTaskOfTheSameName() {
    Task1<Integer, Integer> otherTwice = Task.named("twice").of(x -> x + 2); // not Fixtures.twice
    Workflow<Integer, Integer> wf = Workflow.named("other-twice", Integer.class, (w, n) -> w.call(otherTwice, n));
    TaskMocks mocks = TaskMocks.create();
    Mock1<Integer, Integer> twice = mocks.mock(Fixtures.twice).returns(100);
    try (Engine engine = Engine.builder().interceptor(mocks.interceptor()).build()) {
      assertThat(engine.run(wf, 4))
          .failed()
          .errorMessageContains("task 'twice' (node 'twice') is dev.sluice.testing.MockTest::lambda$")
          .errorMessageContains("but the mock was made for another task of that name: dev.sluice.testing.Fixtures::lambda$")
          .errorMessageContains("Fix: mock the task the workflow calls");
    }
    assertThat(twice.calls()).isEmpty();
  }
}
