package dev.sluice.core.io;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.artifact.Blobs;
import dev.sluice.core.model.TaskSpec;
import dev.sluice.core.spi.ArtifactStore;
import dev.sluice.core.spi.StoredObject;
import dev.sluice.core.store.ArtifactStores;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** TaskIo's value format: java.time and Optional, and large values stored once by reference. */
class TaskIoValuesTest {
  private final ArtifactStore store = ArtifactStores.inMemory();

  record Schedule(Instant at, Duration every, LocalDate day, Optional<String> note, Optional<Integer> none) {}

  private static TaskSpec task(Class<?> in, Class<?> out) {
    return TaskSpec.builder("t").input("rows", in).output(out).jvm((a, c) -> null).build();
  }

  private String text(String key) throws IOException {
    return new String(store.get(key).readAllBytes(), StandardCharsets.UTF_8);
  }

  private List<String> blobs() {
    try (var objects = store.listAll(Blobs.PREFIX)) {
      return objects.map(StoredObject::key).toList();
    }
  }

  @Test
  void javaTimeAndOptionalTravelAsReadableJson() throws IOException {
    TaskIo io = TaskIo.standard();
    Schedule s = new Schedule(
        Instant.parse("2030-05-01T10:15:30Z"), Duration.ofMinutes(90), LocalDate.of(2030, 5, 1), Optional.of("hi"), Optional.empty());
    TaskSpec task = task(Long.class, Schedule.class);

    io.writeOutput(store, "out.json", task, s);

    assertThat(text("out.json"))
        .isEqualTo("{\"at\":\"2030-05-01T10:15:30Z\",\"every\":\"PT1H30M\",\"day\":\"2030-05-01\",\"note\":\"hi\",\"none\":null}");
    assertThat(io.readOutput(store, "out.json", task)).isEqualTo(s);
  }

  @Test
  void aLargeValueIsWrittenOnceAsABlobAndReadBackThroughItsReference() throws IOException {
    TaskIo io = TaskIo.builder().largeValueThreshold(1000).build();
    TaskSpec task = task(List.class, Long.class);
    List<Integer> rows = IntStream.range(0, 1000).boxed().toList();

    io.writeInputs(store, "a/inputs.json", task, new Object[] {rows});
    io.writeInputs(store, "b/inputs.json", task, new Object[] {rows});
    io.writeOutput(store, "small.json", task, 42L);

    assertThat(blobs()).hasSize(1);
    String hash = blobs().get(0).substring(blobs().get(0).lastIndexOf('/') + 1);
    assertThat(text("a/inputs.json"))
        .isEqualTo("{\"rows\":{\"@sluice\":\"value\",\"sha256\":\"" + hash + "\",\"size\":"
            + store.stat(blobs().get(0)).orElseThrow().size() + "}}")
        .isEqualTo(text("b/inputs.json"));
    assertThat(io.readInputs(store, "a/inputs.json", task)).containsExactly(rows);
    assertThat(text("small.json")).isEqualTo("42");
    assertThat(io.largeValueThreshold()).isEqualTo(1000);
  }

  @Test
  void aCommandTasksInputsAreNeverOffloaded() throws IOException {
    TaskIo io = TaskIo.builder().largeValueThreshold(10).build();
    TaskSpec command = TaskSpec.builder("cmd").input("rows", List.class).output(Long.class)
        .body(new dev.sluice.core.model.TaskBody.Command(List.of("true"), java.util.Map.of())).build();

    io.writeInputs(store, "inputs.json", command, new Object[] {List.of(1, 2, 3, 4, 5, 6, 7, 8)});

    assertThat(text("inputs.json")).isEqualTo("{\"rows\":[1,2,3,4,5,6,7,8]}");
    assertThat(blobs()).isEmpty();
  }
}
