package dev.tacit.server.store;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The catalogue's readable item titles ({@code item_titles}): public metadata for the operator's
 * pages, never anything about a user. Replaced as a whole, audited.
 */
public final class ItemTitles {
  private final Storage storage;

  /** The titles in {@code storage}. */
  public ItemTitles(Storage storage) {
    this.storage = Objects.requireNonNull(storage, "storage");
  }

  /** Replaces every title by {@code titles} (item id to title), in one audited transaction. */
  public void replace(Map<String, String> titles) {
    Map<String, String> copy = Map.copyOf(titles);
    Instant now = storage.clock().instant();
    storage.write(
        h -> {
          h.createUpdate("DELETE FROM item_titles").execute();
          var batch = h.prepareBatch("INSERT INTO item_titles (item_id, title) VALUES (?, ?)");
          copy.forEach((id, title) -> batch.bind(0, id).bind(1, title).add());
          if (!copy.isEmpty()) {
            batch.execute();
          }
          storage.audit().append(h, now, "catalogue.titles", "-", "items=" + copy.size());
          return null;
        });
  }

  /** Every title, by item id. */
  public Map<String, String> all() {
    Map<String, String> out = new HashMap<>();
    storage
        .jdbi()
        .useHandle(
            h ->
                h.createQuery("SELECT item_id, title FROM item_titles")
                    .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2)))
                    .forEach(e -> out.put(e.getKey(), e.getValue())));
    return out;
  }
}
