package dev.tacit.cli;

import dev.tacit.core.data.Csr;
import dev.tacit.core.data.Dataset;
import dev.tacit.core.data.ItemMetadata;
import dev.tacit.core.split.Split;
import dev.tacit.protocol.CatalogueItem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo's population, from a dataset and its split: the public catalogue, and each user's
 * training history (recorded on the user's device) and held-back items (the device's own
 * evaluation), as the item ids the devices and the server use.
 *
 * @param dataset the dataset
 * @param split its train/test split
 * @param catalogue the public catalogue, one entry per item
 * @param histories each user's training items
 * @param heldBack each user's held-back items
 */
record DemoData(
    Dataset dataset,
    Split split,
    List<CatalogueItem> catalogue,
    List<List<String>> histories,
    List<List<String>> heldBack) {

  /** The population of {@code split}'s training users. */
  static DemoData of(Dataset ds, Split split) {
    List<List<String>> histories = new ArrayList<>();
    List<List<String>> heldBack = new ArrayList<>();
    Csr train = split.train().byUser();
    Csr test = split.test().byUser();
    for (int u = 0; u < split.train().numUsers(); u++) {
      histories.add(ids(ds, train.row(u)));
      heldBack.add(ids(ds, test.row(u)));
    }
    return new DemoData(ds, split, catalogue(ds), histories, heldBack);
  }

  /** How many users, one device each. */
  int population() {
    return histories.size();
  }

  /**
   * Each item's title, where the dataset has one, for the model explorer (one line, cut at 256).
   */
  static Map<String, String> titles(Dataset ds) {
    ItemMetadata meta = ds.itemMetadata();
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < Math.min(meta.size(), ds.interactions().numItems()); i++) {
      String t = meta.title(i);
      String title = t == null ? "" : t.replaceAll("\\p{Cntrl}", " ").strip();
      if (!title.isEmpty()) {
        out.put(itemId(ds, i), title.substring(0, Math.min(title.length(), 256)));
      }
    }
    return out;
  }

  static List<CatalogueItem> catalogue(Dataset ds) {
    ItemMetadata meta = ds.itemMetadata();
    int[] counts = ds.interactions().itemCounts();
    List<CatalogueItem> out = new ArrayList<>();
    for (int i = 0; i < ds.interactions().numItems(); i++) {
      List<String> cats = new ArrayList<>();
      if (i < meta.size()) {
        for (int c : meta.categoriesOf(i)) {
          cats.add(clean(meta.categoryNames().get(c)));
        }
      }
      out.add(new CatalogueItem(itemId(ds, i), cats, counts[i]));
    }
    return out;
  }

  /**
   * The readable analytics label of each catalogue category: the catalogue carries categories as
   * identifiers ("Children_s"), an analytics query may carry up to 128 printable characters
   * ("Children's"). The first name wins where two clean to the same identifier.
   */
  static Map<String, String> analyticsLabels(ItemMetadata meta) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String name : meta.categoryNames()) {
      String readable = name.replaceAll("\\p{Cntrl}", " ").strip();
      if (readable.length() > 128) {
        readable = readable.substring(0, 128).strip();
      }
      out.putIfAbsent(clean(name), readable.isEmpty() ? clean(name) : readable);
    }
    return out;
  }

  private static List<String> ids(Dataset ds, int[] rows) {
    List<String> out = new ArrayList<>(rows.length);
    for (int i : rows) {
      out.add(itemId(ds, i));
    }
    return out;
  }

  private static String itemId(Dataset ds, int i) {
    return clean(ds.items().externalId(i));
  }

  private static String clean(String s) {
    String c = s.replaceAll("[^A-Za-z0-9._:-]", "_");
    return c.isEmpty() ? "_" : c.length() > 64 ? c.substring(0, 64) : c;
  }
}
