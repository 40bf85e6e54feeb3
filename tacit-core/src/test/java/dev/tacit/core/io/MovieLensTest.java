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

class MovieLensTest {
  @TempDir Path dir;

  private void write(String name, String text) throws IOException {
    Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
  }

  @Test
  void ratingsCsv_parsesIdsRatingsAndTimes() throws IOException {
    write(
        "ratings.csv",
        "userId,movieId,rating,timestamp\n1,31,2.5,1260759144\n1,1029,3.0,1260759179\n"
            + "7,31,4.5,1260759200\n");
    Dataset ds = MovieLens.read(dir, ReadOptions.STRICT).dataset();
    assertThat(ds.interactions().size()).isEqualTo(3);
    int u = ds.users().indexOf("7");
    int i = ds.items().indexOf("31");
    var row = ds.interactions().byUser();
    assertThat(row.rowSize(u)).isEqualTo(1);
    assertThat(row.indices()[row.start(u)]).isEqualTo(i);
    assertThat(row.values()[row.start(u)]).isEqualTo(4.5f);
    assertThat(row.times()[row.start(u)]).isEqualTo(1260759200L);
    assertThat(ds.itemMetadata().categoryNames()).isEmpty();
  }

  @Test
  void moviesCsv_givesQuotedTitlesAndPipeSeparatedGenres() throws IOException {
    write("ratings.csv", "userId,movieId,rating,timestamp\n1,11,4,5\n1,12,3,6\n2,13,5,7\n");
    write(
        "movies.csv",
        "movieId,title,genres\n"
            + "11,\"American President, The (1995)\",Comedy|Drama|Romance\n"
            + "12,\"Quote \"\"Me\"\" (2001)\",Drama\n"
            + "13,Pacific Rim: Uprising (2018),(no genres listed)\n"
            + "14,Unrated (1999),Horror\n");
    Dataset ds = MovieLens.read(dir.resolve("ratings.csv"), ReadOptions.STRICT).dataset();
    var meta = ds.itemMetadata();
    int a = ds.items().indexOf("11");
    assertThat(meta.title(a)).isEqualTo("American President, The (1995)");
    assertThat(meta.title(ds.items().indexOf("12"))).isEqualTo("Quote \"Me\" (2001)");
    assertThat(meta.categoryNames()).containsExactly("Comedy", "Drama", "Romance", "Horror");
    assertThat(meta.categoriesOf(a)).containsExactly(0, 1, 2);
    assertThat(meta.categoriesOf(ds.items().indexOf("13"))).isEmpty();
    assertThat(ds.items().indexOf("14")).isEqualTo(-1);
  }

  @Test
  void ratingsDat_withMoviesAndUsersDat_parsesEverything() throws IOException {
    write("ratings.dat", "1::1193::5::978300760\n2::661::3::978302109\n2::1193::4::978301968\n");
    Files.writeString(
        dir.resolve("movies.dat"),
        "1193::One Flew Over the Cuckoo's Nest (1975)::Drama\n"
            + "661::James and the Giant Peach (1996)::Animation|Children's|Musical\n",
        StandardCharsets.ISO_8859_1);
    write("users.dat", "1::F::1::10::48067\n2::M::56::16::70072\n");
    Dataset ds = MovieLens.read(dir, ReadOptions.STRICT).dataset();
    assertThat(ds.interactions().size()).isEqualTo(3);
    int item = ds.items().indexOf("661");
    assertThat(ds.itemMetadata().title(item)).isEqualTo("James and the Giant Peach (1996)");
    assertThat(ds.itemMetadata().categoriesOf(item)).hasSize(3);
    int u1 = ds.users().indexOf("1");
    int u2 = ds.users().indexOf("2");
    assertThat(ds.userAttributes().group("gender", u1)).isEqualTo("F");
    assertThat(ds.userAttributes().group("age", u1)).isEqualTo("<18");
    assertThat(ds.userAttributes().group("age", u2)).isEqualTo("56+");
    assertThat(ds.userAttributes().group("occupation", u2)).isEqualTo("self-employed");
  }

  @Test
  void ratingsCsv_withWrongHeader_failsOnLine1() throws IOException {
    write("ratings.csv", "user,item,rating,timestamp\n1,2,3,4\n");
    assertThatThrownBy(() -> MovieLens.read(dir, ReadOptions.STRICT))
        .isInstanceOfSatisfying(
            MalformedInputException.class, e -> assertThat(e.line()).isEqualTo(1))
        .hasMessageContaining("expected the header userId,movieId,rating,timestamp");
  }

  @Test
  void ratingsCsv_headerOnly_fails() throws IOException {
    write("ratings.csv", "userId,movieId,rating,timestamp\n");
    assertThatThrownBy(() -> MovieLens.read(dir, ReadOptions.STRICT))
        .hasMessageEndingWith("ratings.csv: file has a header but no data lines");
  }

  @Test
  void ratingsDat_withWrongFieldCount_namesTheLine() throws IOException {
    write("ratings.dat", "1::1193::5::978300760\n1::1193::5\n");
    assertThatThrownBy(() -> MovieLens.read(dir, ReadOptions.STRICT))
        .hasMessageEndingWith("ratings.dat:2: expected 4 '::'-separated fields, found 3");
  }

  @Test
  void ratingsCsv_lenient_countsSkippedLines() throws IOException {
    write(
        "ratings.csv", "userId,movieId,rating,timestamp\n1,2,3,4\n1,3,NaN,4\n1,4,3,-1\n2,2,1,9\n");
    ReadResult r = MovieLens.read(dir, ReadOptions.LENIENT);
    assertThat(r.skippedLines()).isEqualTo(2);
    assertThat(r.dataset().interactions().size()).isEqualTo(2);
  }

  @Test
  void folderWithoutRatings_fails() {
    assertThatThrownBy(() -> MovieLens.read(dir, ReadOptions.STRICT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(dir.toString())
        .hasMessageContaining("no ratings.csv or ratings.dat");
  }
}
