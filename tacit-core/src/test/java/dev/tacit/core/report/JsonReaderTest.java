package dev.tacit.core.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonReaderTest {

  @Test
  void values_readAsMapsListsStringsNumbersBooleansAndNull() {
    assertThat(
            JsonReader.read(
                " {\"a\": [1, -2.5e1, \"x\\u00e9\\n\", true, false, null], \"b\": {}} "))
        .isEqualTo(
            Map.of("a", Arrays.asList(1L, -25.0, "x\u00e9\n", true, false, null), "b", Map.of()));
    assertThat(JsonReader.read("9223372036854775808")).isEqualTo(9.223372036854775808e18);
  }

  @Test
  void nestingDeeperThanTheLimit_isRefusedWithAPosition_notAStackOverflow() {
    String deep = "[".repeat(100_000) + "]".repeat(100_000);
    assertThatThrownBy(() -> JsonReader.read(deep))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nested deeper than " + JsonReader.MAX_DEPTH)
        .hasMessageContaining("column " + (JsonReader.MAX_DEPTH + 1));
    String objects = "{\"a\":".repeat(100_000);
    assertThatThrownBy(() -> JsonReader.read(objects))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nested deeper than");
    String atTheLimit = "[".repeat(JsonReader.MAX_DEPTH) + "]".repeat(JsonReader.MAX_DEPTH);
    assertThat(JsonReader.read(atTheLimit)).isInstanceOf(List.class);
  }

  @Test
  void malformedInput_isRefusedWithAnIllegalArgumentException() {
    for (String bad :
        List.of(
            "",
            "   ",
            "{",
            "{\"a\" 1}",
            "{\"a\":1,}",
            "{a:1}",
            "[1,]",
            "[1 2]",
            "01",
            "-",
            "1.",
            "1e",
            "+1",
            ".5",
            "NaN",
            "Infinity",
            "tru",
            "nul",
            "\"abc",
            "\"a\\",
            "\"\\x\"",
            "\"\\u12\"",
            "\"\\u+041\"",
            "\"\\u-041\"",
            "\"\\u\uff10\uff10\uff14\uff11\"",
            "\"tab\there\"",
            "\u0663",
            "1\u0663",
            "[1]x",
            "{} {}")) {
      assertThatThrownBy(() -> JsonReader.read(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("line 1, column");
    }
  }
}
