package dev.tacit.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tacit.core.data.Dataset;
import dev.tacit.core.data.Interactions;
import dev.tacit.core.split.Split;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MovieLens100kTest {
  @TempDir Path dir;

  private static final String DATA =
      "10\t20\t4\t881250949\n"
          + "11\t20\t3\t881250950\n"
          + "10\t21\t5\t881250951\n"
          + "12\t22\t1\t881250952\n";

  private void write(String name, String text) throws IOException {
    Files.writeString(dir.resolve(name), text, StandardCharsets.ISO_8859_1);
  }

  private void writeFullExample() throws IOException {
    write("u.data", DATA);
    write("u.genre", "unknown|0\nAction|1\nComedy|2\n\n");
    write(
        "u.item",
        "20|Toy Story (1995)|01-Jan-1995||http://x|0|0|1\n"
            + "21|Les Misérables (1995)|01-Jan-1995||http://y|0|1|1\n"
            + "22|Heat (1995)|01-Jan-1995||http://z|1|0|0\n"
            + "99|Never Rated (1990)|01-Jan-1990||http://w|0|1|0\n");
    write("u.user", "10|24|M|technician|85711\n11|53|F|other|94043\n12|17|M|student|01234\n");
  }

  private static ReadResult strict(Path dir) {
    return MovieLens100k.read(dir, ReadOptions.STRICT);
  }

  @Test
  void read_mapsIdsInOrderOfFirstAppearance_andKeepsRatingsAndTimes() throws IOException {
    writeFullExample();
    Dataset ds = strict(dir).dataset();
    Interactions x = ds.interactions();
    assertThat(x.numUsers()).isEqualTo(3);
    assertThat(x.numItems()).isEqualTo(3);
    assertThat(x.size()).isEqualTo(4);
    assertThat(ds.users().externalId(0)).isEqualTo("10");
    assertThat(ds.items().externalId(2)).isEqualTo("22");
    int u = ds.users().indexOf("10");
    int i = ds.items().indexOf("21");
    int p = x.byUser().start(u) + 1; // items 20 and 21, ascending
    assertThat(x.byUser().indices()[p]).isEqualTo(i);
    assertThat(x.byUser().values()[p]).isEqualTo(5f);
    assertThat(x.byUser().times()[p]).isEqualTo(881250951L);
  }

  @Test
  void read_decodesTitlesAsLatin1_andGenresFromUGenre() throws IOException {
    writeFullExample();
    Dataset ds = strict(dir).dataset();
    int i = ds.items().indexOf("21");
    assertThat(ds.itemMetadata().title(i)).isEqualTo("Les Misérables (1995)");
    assertThat(ds.itemMetadata().categoryNames()).containsExactly("unknown", "Action", "Comedy");
    assertThat(ds.itemMetadata().categoriesOf(i)).containsExactly(1, 2);
    assertThat(ds.itemMetadata().categoriesOf(ds.items().indexOf("22"))).containsExactly(0);
    assertThat(ds.items().indexOf("99")).as("an item never rated is not added").isEqualTo(-1);
  }

  @Test
  void read_withoutUGenre_usesTheStandard19Genres() throws IOException {
    write("u.data", DATA);
    String flags = "|0|0|0|0|0|1|0|0|0|0|0|0|0|0|0|0|0|0|1";
    write("u.item", "20|A|d||u" + flags + "\n21|B|d||u" + flags + "\n");
    Dataset ds = strict(dir).dataset();
    assertThat(ds.itemMetadata().categoryNames()).hasSize(19).startsWith("unknown", "Action");
    assertThat(ds.itemMetadata().categoriesOf(0)).containsExactly(5, 18); // Comedy, Western
    assertThat(ds.itemMetadata().title(ds.items().indexOf("22"))).isEmpty();
  }

  @Test
  void read_turnsUUserIntoGenderAgeBandAndOccupation() throws IOException {
    writeFullExample();
    Dataset ds = strict(dir).dataset();
    var a = ds.userAttributes();
    assertThat(a.names()).containsExactly("gender", "age", "occupation");
    assertThat(a.group("gender", ds.users().indexOf("11"))).isEqualTo("F");
    assertThat(a.group("age", ds.users().indexOf("10"))).isEqualTo("18-24");
    assertThat(a.group("age", ds.users().indexOf("11"))).isEqualTo("50-55");
    assertThat(a.group("age", ds.users().indexOf("12"))).isEqualTo("<18");
    assertThat(a.group("occupation", ds.users().indexOf("12"))).isEqualTo("student");
  }

  @Test
  void read_withWrongFieldCount_namesFileLineAndCount() throws IOException {
    write("u.data", "1\t2\t3\t4\n\n1\t3\t4\n");
    assertThatThrownBy(() -> strict(dir))
        .isInstanceOfSatisfying(
            MalformedInputException.class,
            e -> {
              assertThat(e.line()).isEqualTo(3);
              assertThat(e.file()).isEqualTo(dir.resolve("u.data"));
              assertThat(e.reason()).isEqualTo("expected 4 tab-separated fields, found 3");
            })
        .hasMessageEndingWith("u.data:3: expected 4 tab-separated fields, found 3");
  }

  @Test
  void read_withNonNumericRating_fails() throws IOException {
    write("u.data", "1\t2\t3\t4\n1\t3\tfour\t4\n");
    assertThatThrownBy(() -> strict(dir))
        .hasMessageEndingWith("u.data:2: rating must be a number, was 'four'");
  }

  @Test
  void read_withNaNOrInfiniteRating_fails() throws IOException {
    write("u.data", "1\t2\t3\t4\n1\t3\t4\t4\n1\t4\tNaN\t4\n");
    assertThatThrownBy(() -> strict(dir))
        .hasMessageEndingWith("u.data:3: rating must be finite, was 'NaN'");
    write("u.data", "1\t4\tInfinity\t4\n");
    assertThatThrownBy(() -> strict(dir)).hasMessageContaining("u.data:1: rating must be finite");
  }

  @Test
  void read_withNegativeTime_fails() throws IOException {
    write("u.data", "1\t2\t3\t-5\n");
    assertThatThrownBy(() -> strict(dir))
        .hasMessageEndingWith("u.data:1: timestamp must be >= 0, was -5");
  }

  @Test
  void read_withNonIntegerUser_fails() throws IOException {
    write("u.data", "1\t2\t3\t4\nbob\t2\t3\t4\n");
    assertThatThrownBy(() -> strict(dir))
        .hasMessageEndingWith("u.data:2: user ID must be an integer, was 'bob'");
  }

  @Test
  void read_withBadGenreFlag_namesUItemLine() throws IOException {
    write("u.data", DATA);
    write("u.genre", "unknown|0\nAction|1\nComedy|2\n");
    write("u.item", "20|A|d||u|0|0|1\n21|B|d||u|0|2|1\n");
    assertThatThrownBy(() -> strict(dir))
        .isInstanceOf(MalformedInputException.class)
        .hasMessageEndingWith("u.item:2: flag of genre Action must be 0 or 1, was '2'");
  }

  @Test
  void read_withBadGender_namesUUserLine() throws IOException {
    write("u.data", DATA);
    write("u.user", "10|24|M|technician|85711\n11|53|X|other|94043\n");
    assertThatThrownBy(() -> strict(dir))
        .hasMessageEndingWith("u.user:2: gender must be M or F, was 'X'");
  }

  @Test
  void read_emptyUData_failsNamingTheFile() throws IOException {
    write("u.data", "\n\n");
    assertThatThrownBy(() -> strict(dir))
        .isInstanceOfSatisfying(MalformedInputException.class, e -> assertThat(e.line()).isZero())
        .hasMessageEndingWith("u.data: file is empty");
  }

  @Test
  void read_missingUData_failsNamingThePath() {
    assertThatThrownBy(() -> strict(dir))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(dir.resolve("u.data").toString())
        .hasMessageContaining("no such file");
  }

  @Test
  void read_missingFolder_failsNamingThePath() {
    Path missing = dir.resolve("nope");
    assertThatThrownBy(() -> strict(missing))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(missing.toString());
  }

  @Test
  void read_lenient_skipsAndCountsMalformedLines() throws IOException {
    write("u.data", "1\t2\t3\t4\n1\t3\tx\t4\n2\t2\t5\n2\t3\t1\t7\n");
    ReadResult r = MovieLens100k.read(dir, ReadOptions.LENIENT);
    assertThat(r.skippedLines()).isEqualTo(2);
    assertThat(r.dataset().interactions().size()).isEqualTo(2);
    assertThat(r.firstErrors())
        .hasSize(2)
        .anySatisfy(m -> assertThat(m).contains("u.data:2:"))
        .anySatisfy(m -> assertThat(m).contains("u.data:3:"));
  }

  @Test
  void read_lenient_failsBeyondMaxSkipped() throws IOException {
    write("u.data", "1\t2\t3\t4\nx\n1\t3\t4\t4\ny\n");
    assertThat(MovieLens100k.read(dir, new ReadOptions(true, 2)).skippedLines()).isEqualTo(2);
    assertThatThrownBy(() -> MovieLens100k.read(dir, new ReadOptions(true, 1)))
        .hasMessageContaining("u.data:4:")
        .hasMessageContaining("more than maxSkipped = 1");
  }

  @Test
  void read_lenient_withNoValidLine_fails() throws IOException {
    write("u.data", "x\ny\n");
    assertThatThrownBy(() -> MovieLens100k.read(dir, ReadOptions.LENIENT))
        .hasMessageEndingWith("u.data: file has no valid data lines");
  }

  @Test
  void folds_shareTheIndexSpaceOfTheWholeDataset() throws IOException {
    writeFullExample();
    // u.data order of first appearance: users 10, 11, 12; items 20, 21, 22.
    write("u1.base", "12\t22\t1\t881250952\n10\t20\t4\t881250949\n");
    write("u1.test", "11\t20\t3\t881250950\n10\t21\t5\t881250951\n");
    List<Split> folds = MovieLens100k.folds(dir, 1);
    assertThat(folds).hasSize(1);
    Split s = folds.get(0);
    assertThat(s.name()).isEqualTo("u1");
    assertThat(s.train().numUsers()).isEqualTo(3);
    assertThat(s.train().numItems()).isEqualTo(3);
    assertThat(s.test().numItems()).isEqualTo(3);
    assertThat(s.train().byUser().contains(2, 2)).isTrue(); // 12 -> 2, 22 -> 2
    assertThat(s.test().byUser().contains(0, 1)).isTrue(); // 10 -> 0, 21 -> 1
    assertThat(s.train().size() + s.test().size()).isEqualTo(4);
  }

  @Test
  void folds_withAnIdNotInUData_fails() throws IOException {
    writeFullExample();
    write("u1.base", "10\t20\t4\t881250949\n");
    write("u1.test", "10\t21\t5\t881250951\n77\t20\t3\t1\n");
    assertThatThrownBy(() -> MovieLens100k.folds(dir, 1))
        .hasMessageEndingWith("u1.test:2: user 77 does not appear in u.data");
  }

  @Test
  void folds_withFoldOutOfRange_fails() throws IOException {
    writeFullExample();
    assertThatThrownBy(() -> MovieLens100k.folds(dir, 6))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("fold must be in 1..5, was 6");
  }

  @Test
  void ageBand_coversTheMovieLens1mBands() {
    assertThat(MovieLens.ageBand(0)).isEqualTo("<18");
    assertThat(MovieLens.ageBand(18)).isEqualTo("18-24");
    assertThat(MovieLens.ageBand(34)).isEqualTo("25-34");
    assertThat(MovieLens.ageBand(35)).isEqualTo("35-44");
    assertThat(MovieLens.ageBand(49)).isEqualTo("45-49");
    assertThat(MovieLens.ageBand(55)).isEqualTo("50-55");
    assertThat(MovieLens.ageBand(56)).isEqualTo("56+");
    assertThatThrownBy(() -> MovieLens.ageBand(-1)).hasMessage("age must be >= 0, was -1");
  }
}
