package dev.sluice.core.internal.io;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Scalars written without Jackson read exactly as Jackson writes them, and only when it would. */
class ScalarJsonTest {

  @Test
  void scalarsAreWrittenAsTheEnginesMapperWritesThem() throws Exception {
    ObjectMapper mapper = ValueCodec.newMapper();
    ScalarJson scalars = ScalarJson.of(mapper);
    List<Object> values = List.of(0L, -1L, Long.MAX_VALUE, Long.MIN_VALUE, 42, Integer.MIN_VALUE, (short) -7,
        (byte) 127, true, false, "", "plain text", "é and 日本 and \uD83D\uDE00", "a/b");
    for (Object v : values) {
      assertThat(scalars.json(v)).as("%s (%s)", v, v.getClass().getSimpleName())
          .isNotNull().isEqualTo(mapper.writeValueAsString(v));
    }
  }

  @Test
  void valuesThatNeedEscapingOrAreNotScalarsAreLeftToJackson() {
    ScalarJson scalars = ScalarJson.of(ValueCodec.newMapper());
    for (Object v : List.of("say \"hi\"", "back\\slash", "new\nline", "\u0001", 1.5, 1.5f, List.of(1), new int[] {1})) {
      assertThat(scalars.json(v)).as("%s", v).isNull();
    }
  }

  @Test
  void aMapperThatWritesNumbersOrStringsItsOwnWayIsNotBypassed() {
    SimpleModule longsAsText = new SimpleModule().addSerializer(Long.class, ToStringSerializer.instance);
    ScalarJson custom = ScalarJson.of(JsonMapper.builder().addModule(longsAsText).build());
    assertThat(custom.json(42L)).isNull();
    assertThat(custom.json(true)).isEqualTo("true");
    ScalarJson quoted = ScalarJson.of(JsonMapper.builder().enable(JsonWriteFeature.WRITE_NUMBERS_AS_STRINGS).build());
    assertThat(quoted.json(42)).isNull();
    ScalarJson ascii = ScalarJson.of(JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build());
    assertThat(ascii.json("é")).isNull();
  }
}
