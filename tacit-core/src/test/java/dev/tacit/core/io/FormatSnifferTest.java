package dev.tacit.core.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FormatSnifferTest {
  @TempDir Path dir;

  private FormatSniffer.Sniffed sniff(String text) throws IOException {
    Path p = dir.resolve("f" + System.nanoTime());
    Files.writeString(p, text, StandardCharsets.UTF_8);
    return FormatSniffer.sniff(p).orElseThrow();
  }

  @Test
  void headerlessTabs_userItemCount() throws IOException {
    DelimitedFormat f = sniff("7\t100\t3\n7\t101\t1\n8\t100\t12\n").format();
    assertThat(f.delimiter()).isEqualTo("\t");
    assertThat(f.header()).isFalse();
    assertThat(f.user()).isEqualTo(Column.at(0));
    assertThat(f.item()).isEqualTo(Column.at(1));
    assertThat(f.weight()).isEqualTo(Column.at(2));
    assertThat(f.time()).isNull();
  }

  @Test
  void headerlessWithEpochSeconds_takesTheLargeIntegerColumnAsTime() throws IOException {
    FormatSniffer.Sniffed s = sniff("1,10,4,1700000000\n1,11,5,1700000100\n2,10,3,1700000200\n");
    assertThat(s.format().weight()).isEqualTo(Column.at(2));
    assertThat(s.format().time()).isEqualTo(Column.at(3));
    assertThat(s.description())
        .isEqualTo(
            "comma-separated, no header; user = column 0, item = column 1, weight = column 2,"
                + " time = column 3 (epoch seconds)");
  }

  @Test
  void aHeader_isTakenFromKnownNames_inAnyOrder() throws IOException {
    DelimitedFormat f =
        sniff("timestamp;track_id;listener;plays\n1700000000;t1;ann;3\n1700000001;t2;bob;1\n")
            .format();
    assertThat(f.delimiter()).isEqualTo(";");
    assertThat(f.header()).isTrue();
    // "listener" is no known user name: the first column that is neither time nor weight
    assertThat(f.user()).isEqualTo(Column.named("listener"));
    assertThat(f.item()).isEqualTo(Column.named("track_id"));
    assertThat(f.weight()).isEqualTo(Column.named("plays"));
    assertThat(f.time()).isEqualTo(Column.named("timestamp"));
  }

  @Test
  void aHeaderWithUserAndItemNames_mapsThemByName() throws IOException {
    DelimitedFormat f =
        sniff("movieId|userId|rating|timestamp\n5|1|4.5|1700000000\n6|1|2|1700000001\n").format();
    assertThat(f.delimiter()).isEqualTo("|");
    assertThat(f.header()).isTrue();
    assertThat(f.user()).isEqualTo(Column.named("userId"));
    assertThat(f.item()).isEqualTo(Column.named("movieId"));
    assertThat(f.weight()).isEqualTo(Column.named("rating"));
    assertThat(f.time()).isEqualTo(Column.named("timestamp"));
  }

  @Test
  void textIdsThatLookLikeNames_areNotAHeader() throws IOException {
    DelimitedFormat f = sniff("user_1\titem_9\nuser_2\titem_9\nuser_3\titem_4\n").format();
    assertThat(f.header()).isFalse();
    assertThat(f.weight()).isNull();
  }

  @Test
  void aHeaderTellsItselfByTextOverNumbers() throws IOException {
    DelimitedFormat f = sniff("a,b,c\n1,2,3\n4,5,6\n").format();
    assertThat(f.header()).isTrue();
    assertThat(f.user()).isEqualTo(Column.named("a"));
    assertThat(f.item()).isEqualTo(Column.named("b"));
  }

  @Test
  void raggedOrSingleColumnText_isNotSniffed() throws IOException {
    Path p = dir.resolve("prose");
    Files.writeString(p, "one\ntwo, three\nfour five six\n");
    assertThat(FormatSniffer.sniff(p)).isEmpty();
    Files.writeString(p, "1\n2\n3\n");
    assertThat(FormatSniffer.sniff(p)).isEmpty();
  }
}
