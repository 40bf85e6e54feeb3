package dev.tacit.cli.card;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A small document of sections holding paragraphs, bullet lists and tables, rendered to Markdown
 * and to self-contained HTML (inline style, no external resource, every text escaped), so that both
 * files say the same thing.
 */
public final class CardDocument {
  private final String title;
  private final List<Section> sections = new ArrayList<>();

  /** One part of a section. */
  public sealed interface Block permits Paragraph, Bullets, Table {}

  /** A paragraph of plain text. */
  public record Paragraph(String text) implements Block {
    /** Checks the text is present. */
    public Paragraph {
      Objects.requireNonNull(text, "text");
    }
  }

  /** A bullet list of plain-text items. */
  public record Bullets(List<String> items) implements Block {
    /** Copies the items. */
    public Bullets {
      items = List.copyOf(items);
    }
  }

  /** A table with a header row; every row has as many cells as the header. */
  public record Table(List<String> header, List<List<String>> rows) implements Block {
    /**
     * Copies the cells.
     *
     * @throws IllegalArgumentException if a row's length differs from the header's
     */
    public Table {
      header = List.copyOf(header);
      List<List<String>> copy = new ArrayList<>();
      for (List<String> row : rows) {
        if (row.size() != header.size()) {
          throw new IllegalArgumentException(
              "every row must have " + header.size() + " cells, one had " + row.size());
        }
        copy.add(List.copyOf(row));
      }
      rows = List.copyOf(copy);
    }
  }

  /** A titled section. */
  public record Section(String title, List<Block> blocks) {
    /** Copies the blocks. */
    public Section {
      Objects.requireNonNull(title, "title");
      blocks = List.copyOf(blocks);
    }
  }

  /** An empty document with a title. */
  public CardDocument(String title) {
    this.title = Objects.requireNonNull(title, "title");
  }

  /** Appends a section. */
  public CardDocument section(String sectionTitle, List<Block> blocks) {
    sections.add(new Section(sectionTitle, blocks));
    return this;
  }

  /** The sections, in order. */
  public List<Section> sections() {
    return List.copyOf(sections);
  }

  /** The document as Markdown. */
  public String toMarkdown() {
    StringBuilder sb = new StringBuilder();
    sb.append("# ").append(mdText(title)).append("\n");
    for (Section s : sections) {
      sb.append("\n## ").append(mdText(s.title())).append("\n");
      for (Block b : s.blocks()) {
        sb.append('\n');
        switch (b) {
          case Paragraph p -> sb.append(mdText(p.text())).append('\n');
          case Bullets l -> l.items().forEach(i -> sb.append("- ").append(mdText(i)).append('\n'));
          case Table t -> {
            sb.append(mdRow(t.header()));
            sb.append("|").append("---|".repeat(t.header().size())).append('\n');
            t.rows().forEach(r -> sb.append(mdRow(r)));
          }
        }
      }
    }
    return sb.toString();
  }

  /** The document as one self-contained HTML page. */
  public String toHtml() {
    StringBuilder sb = new StringBuilder();
    sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>")
        .append(html(title))
        .append("</title>\n<style>\n")
        .append("body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;")
        .append("padding:0 1rem;line-height:1.5;color:#1b1b1b}\n")
        .append("table{border-collapse:collapse;margin:.5rem 0}\n")
        .append("th,td{border:1px solid #bbb;padding:.25rem .6rem;text-align:left}\n")
        .append("th{background:#eee}\nh2{border-bottom:1px solid #ccc;margin-top:2rem}\n")
        .append("</style>\n</head>\n<body>\n<h1>")
        .append(html(title))
        .append("</h1>\n");
    for (Section s : sections) {
      sb.append("<section>\n<h2>").append(html(s.title())).append("</h2>\n");
      for (Block b : s.blocks()) {
        switch (b) {
          case Paragraph p -> sb.append("<p>").append(html(p.text())).append("</p>\n");
          case Bullets l -> {
            sb.append("<ul>\n");
            l.items().forEach(i -> sb.append("<li>").append(html(i)).append("</li>\n"));
            sb.append("</ul>\n");
          }
          case Table t -> {
            sb.append("<table>\n<thead><tr>");
            t.header().forEach(h -> sb.append("<th>").append(html(h)).append("</th>"));
            sb.append("</tr></thead>\n<tbody>\n");
            for (List<String> r : t.rows()) {
              sb.append("<tr>");
              r.forEach(c -> sb.append("<td>").append(html(c)).append("</td>"));
              sb.append("</tr>\n");
            }
            sb.append("</tbody>\n</table>\n");
          }
        }
      }
      sb.append("</section>\n");
    }
    return sb.append("</body>\n</html>\n").toString();
  }

  /** {@code s} with the five HTML special characters escaped. */
  public static String html(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> sb.append("&amp;");
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&#39;");
        default -> sb.append(Character.isISOControl(c) && c != '\n' ? ' ' : c);
      }
    }
    return sb.toString();
  }

  /** Text safe in Markdown: HTML and Markdown specials escaped, on one line. */
  private static String mdText(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '<') {
        sb.append("&lt;");
      } else if (c == '>') {
        sb.append("&gt;");
      } else if (c == '&') {
        sb.append("&amp;");
      } else if ("\\`*_[]|#".indexOf(c) >= 0) {
        sb.append('\\').append(c);
      } else if (Character.isISOControl(c)) {
        sb.append(' ');
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  private static String mdRow(List<String> cells) {
    StringBuilder sb = new StringBuilder("|");
    for (String c : cells) {
      sb.append(' ').append(mdText(c)).append(" |");
    }
    return sb.append('\n').toString();
  }
}
