package dev.tacit.core.data;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A mapping from external IDs (strings; longs are written in decimal) to dense ints {@code 0..n-1}
 * in order of first appearance.
 */
public final class IdMap {
  private final Map<String, Integer> index = new HashMap<>();
  private final List<String> ids = new ArrayList<>();

  /** Returns the dense index of {@code id}, adding it when new. */
  public int getOrAdd(String id) {
    Objects.requireNonNull(id, "id");
    Integer i = index.get(id);
    if (i != null) {
      return i;
    }
    int next = ids.size();
    index.put(id, next);
    ids.add(id);
    return next;
  }

  /** Returns the dense index of {@code id}, adding it when new. */
  public int getOrAdd(long id) {
    return getOrAdd(Long.toString(id));
  }

  /** Returns the dense index of {@code id}, or -1 when unknown. */
  public int indexOf(String id) {
    Integer i = index.get(id);
    return i == null ? -1 : i;
  }

  /** Returns the external ID of dense index {@code i}. */
  public String externalId(int i) {
    Objects.checkIndex(i, ids.size());
    return ids.get(i);
  }

  /** The number of IDs. */
  public int size() {
    return ids.size();
  }

  /** A mapping of the IDs {@code "0".."n-1"} (or with the given prefix) to themselves. */
  public static IdMap sequential(int n, String prefix) {
    IdMap m = new IdMap();
    for (int i = 0; i < n; i++) {
      m.getOrAdd(prefix + i);
    }
    return m;
  }

  @Override
  public String toString() {
    return "IdMap[size=" + ids.size() + "]";
  }
}
