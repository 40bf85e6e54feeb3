package dev.tacit.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tacit.core.data.Dataset;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetReaderTest {
  @TempDir Path dir;

  private Path write(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text, StandardCharsets.UTF_8);
    return p;
  }

  @Test
  void folderWithUData_isReadAsMovieLens100k() throws IOException {
    write("ml/u.data", "1\t2\t3\t4\n");
    write("ml/u.user", "1|30|F|writer|12345\n");
    Dataset ds = DatasetReader.read(dir.resolve("ml"), ReadOptions.STRICT).dataset();
    assertThat(ds.name()).isEqualTo("ml");
    assertThat(ds.userAttributes().group("age", 0)).isEqualTo("25-34");
  }

  @Test
  void uDataFile_isReadWithItsFolder() throws IOException {
    Path data = write("ml/u.data", "1\t2\t3\t4\n");
    write("ml/u.user", "1|30|F|writer|12345\n");
    Dataset ds = DatasetReader.read(data, ReadOptions.STRICT).dataset();
    assertThat(ds.userAttributes().group("gender", 0)).isEqualTo("F");
  }

  @Test
  void folderOrFileWithRatings_isReadAsMovieLens() throws IOException {
    write("a/ratings.csv", "userId,movieId,rating,timestamp\n1,2,3.5,4\n");
    Path dat = write("b/ratings.dat", "1::2::3::4\n5::2::1::4\n");
    assertThat(
            DatasetReader.read(dir.resolve("a"), ReadOptions.STRICT)
                .dataset()
                .interactions()
                .size())
        .isEqualTo(1);
    assertThat(DatasetReader.read(dat, ReadOptions.STRICT).dataset().interactions().numUsers())
        .isEqualTo(2);
  }

  @Test
  void unrecognisedFile_failsNamingThePath() throws IOException {
    Path f = write("notes.txt", "just some prose\nwith ragged lines, here\n");
    assertThatThrownBy(() -> DatasetReader.read(f, ReadOptions.STRICT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(f + ": unrecognised dataset file");
  }

  @Test
  void aHeaderlessTsvOfUserItemCount_isDetected_saidAndRead() throws IOException {
    Path f = write("plays.tsv", "u1\tartist a\t12\nu1\tartist b\t3\nu2\tartist a\t7\n");
    ReadResult r = DatasetReader.read(f, ReadOptions.STRICT);
    assertThat(r.layout())
        .isEqualTo(
            "detected tab-separated, no header; user = column 0, item = column 1, weight ="
                + " column 2");
    assertThat(r.dataset().interactions().size()).isEqualTo(3);
    assertThat(r.dataset().interactions().numUsers()).isEqualTo(2);
    assertThat(r.dataset().interactions().numItems()).isEqualTo(2);
  }

  @Test
  void aKnownLayout_saysNothingWasDetected() throws IOException {
    Path dat = write("c/ratings.dat", "1::2::3::4\n5::2::1::4\n");
    assertThat(DatasetReader.read(dat, ReadOptions.STRICT).layout()).isEmpty();
  }

  @Test
  void unrecognisedFolder_failsNamingThePath() {
    assertThatThrownBy(() -> DatasetReader.read(dir, ReadOptions.STRICT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(dir + ": unrecognised dataset folder");
  }

  @Test
  void missingPath_failsNamingThePath() {
    Path p = dir.resolve("missing.csv");
    assertThatThrownBy(() -> DatasetReader.read(p, ReadOptions.STRICT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(p + ": no such file or folder");
  }

  @Test
  void delimited_byIndex_withoutHeader_defaultsWeightTo1() throws IOException {
    Path f = write("clicks.tsv", "alice\tx1\t99\nbob\tx2\t98\nalice\tx2\t97\n");
    DelimitedFormat fmt = DelimitedFormat.of("\t", false, Column.at(0), Column.at(1));
    ReadResult r = DatasetReader.read(f, fmt, ReadOptions.STRICT);
    Dataset ds = r.dataset();
    assertThat(ds.name()).isEqualTo("clicks");
    assertThat(ds.interactions().size()).isEqualTo(3);
    assertThat(ds.users().externalId(0)).isEqualTo("alice");
    assertThat(ds.items().externalId(1)).isEqualTo("x2");
    assertThat(ds.interactions().byUser().values()).containsOnly(1f);
    assertThat(ds.interactions().byUser().times()).containsOnly(0L);
  }

  @Test
  void delimited_byHeaderName_readsWeightAndTimeInAnyColumnOrder() throws IOException {
    Path f =
        write("log.csv", "time,item,ignored,user,score\n100,\"i,1\",z,u1,2.5\n200,i2,z,u2,0.5\n");
    DelimitedFormat fmt =
        DelimitedFormat.of(",", true, Column.named("user"), Column.parse("item"))
            .withWeight(Column.named("SCORE"))
            .withTime(Column.parse("0"));
    Dataset ds = DatasetReader.read(f, fmt, ReadOptions.STRICT).dataset();
    int u = ds.users().indexOf("u1");
    int i = ds.items().indexOf("i,1");
    var m = ds.interactions().byUser();
    assertThat(m.contains(u, i)).isTrue();
    assertThat(m.values()[m.start(u)]).isEqualTo(2.5f);
    assertThat(m.times()[m.start(u)]).isEqualTo(100L);
  }

  @Test
  void delimited_withMultiCharacterDelimiter_splitsOnIt() throws IOException {
    Path f = write("r.txt", "1::a:b::3\n");
    DelimitedFormat fmt =
        DelimitedFormat.of("::", false, Column.at(0), Column.at(1)).withWeight(Column.at(2));
    Dataset ds = DatasetReader.read(f, fmt, ReadOptions.STRICT).dataset();
    assertThat(ds.items().externalId(0)).isEqualTo("a:b");
    assertThat(ds.interactions().byUser().values()[0]).isEqualTo(3f);
  }

  @Test
  void delimited_withMissingNamedColumn_failsOnTheHeaderLine() throws IOException {
    Path f = write("log.csv", "\nuser,item\nu,i\n");
    DelimitedFormat fmt =
        DelimitedFormat.of(",", true, Column.named("user"), Column.named("item"))
            .withWeight(Column.named("rating"));
    assertThatThrownBy(() -> DatasetReader.read(f, fmt, ReadOptions.STRICT))
        .hasMessageEndingWith("log.csv:2: no column named 'rating' in header [user, item]");
  }

  @Test
  void delimited_withTooFewFieldsOrBadValues_failsOnTheLine() throws IOException {
    DelimitedFormat fmt =
        DelimitedFormat.of("\t", false, Column.at(0), Column.at(2)).withWeight(Column.at(1));
    Path f = write("a.tsv", "u\t1\ti\nu\t2\n");
    assertThatThrownBy(() -> DatasetReader.read(f, fmt, ReadOptions.STRICT))
        .hasMessageEndingWith("a.tsv:2: expected at least 3 tab-separated fields, found 2");
    Path g = write("b.tsv", "u\t1\ti\nu\tinf\tj\n");
    assertThatThrownBy(() -> DatasetReader.read(g, fmt, ReadOptions.STRICT))
        .hasMessageEndingWith("b.tsv:2: weight must be a number, was 'inf'");
    Path h = write("c.tsv", "u\t1\ti\n \t1\tj\n");
    assertThatThrownBy(() -> DatasetReader.read(h, fmt, ReadOptions.STRICT))
        .hasMessageEndingWith("c.tsv:2: user ID must not be empty");
  }

  @Test
  void delimited_withHeader_requiresTheHeaderFieldCount() throws IOException {
    Path f = write("h.csv", "user,item\nu,i\nu,j,extra\n");
    DelimitedFormat fmt = DelimitedFormat.of(",", true, Column.at(0), Column.at(1));
    assertThatThrownBy(() -> DatasetReader.read(f, fmt, ReadOptions.STRICT))
        .hasMessageEndingWith("h.csv:3: expected 2 comma-separated fields, found 3");
  }

  @Test
  void delimited_unterminatedQuote_isMalformed() throws IOException {
    Path f = write("q.csv", "u,i\nu,\"open\n");
    DelimitedFormat fmt = DelimitedFormat.of(",", false, Column.at(0), Column.at(1));
    assertThatThrownBy(() -> DatasetReader.read(f, fmt, ReadOptions.STRICT))
        .hasMessageContaining("q.csv:2: unterminated quoted field");
    ReadResult r = DatasetReader.read(f, fmt, ReadOptions.LENIENT);
    assertThat(r.skippedLines()).isEqualTo(1);
  }

  @Test
  void delimitedFormat_rejectsNamedColumnWithoutHeader_andSameUserAndItemColumn() {
    assertThatThrownBy(() -> DelimitedFormat.of(",", false, Column.named("user"), Column.at(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("column 'user' is named, so the file must have a header");
    assertThatThrownBy(() -> DelimitedFormat.of(",", false, Column.at(1), Column.at(1)))
        .hasMessageContaining("user and item columns must differ");
    assertThatThrownBy(() -> DelimitedFormat.of("", false, Column.at(0), Column.at(1)))
        .hasMessageContaining("delimiter must be non-empty");
  }

  @Test
  void column_parse_readsDigitsAsIndexAndTextAsName() {
    assertThat(Column.parse("2")).isEqualTo(Column.at(2));
    assertThat(Column.parse("rating")).isEqualTo(Column.named("rating"));
    assertThatThrownBy(() -> Column.at(-1)).hasMessage("column index must be >= 0, was -1");
  }

  @Test
  void invalidUtf8_isMalformedNamingTheFile() throws IOException {
    Path f = dir.resolve("bad.csv");
    Files.write(f, new byte[] {'u', ',', 'i', '\n', 'u', ',', (byte) 0xC3, '(', '\n'});
    DelimitedFormat fmt = DelimitedFormat.of(",", false, Column.at(0), Column.at(1));
    assertThatThrownBy(() -> DatasetReader.read(f, fmt, ReadOptions.STRICT))
        .isInstanceOf(MalformedInputException.class)
        .hasMessageContaining("bad.csv")
        .hasMessageContaining("not valid UTF-8");
  }
}
