package dev.tacit.core.data;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Attributes of users (such as gender or age band) for fairness evaluation only.
 *
 * <p>They are kept apart from {@link Interactions} on purpose: no trainer takes them, so they
 * cannot leak into a model. Each attribute maps a dense user index to a group label (or {@code
 * null} when unknown).
 */
public final class UserAttributes {
  private final Map<String, String[]> byName;

  private UserAttributes(Map<String, String[]> byName) {
    this.byName = byName;
  }

  /** No attributes. */
  public static UserAttributes none() {
    return new UserAttributes(Map.of());
  }

  /** Attributes from a map of name to per-user labels; the arrays are copied. */
  public static UserAttributes of(Map<String, String[]> attributes) {
    Map<String, String[]> m = new LinkedHashMap<>();
    attributes.forEach((k, v) -> m.put(Objects.requireNonNull(k), v.clone()));
    return new UserAttributes(m);
  }

  /** The attribute names, in insertion order. */
  public Set<String> names() {
    return byName.keySet();
  }

  /** The group label of {@code user} for {@code attribute}, or {@code null}. */
  public String group(String attribute, int user) {
    String[] a = byName.get(attribute);
    if (a == null) {
      throw new IllegalArgumentException("unknown user attribute: " + attribute);
    }
    return user < a.length ? a[user] : null;
  }

  @Override
  public String toString() {
    return "UserAttributes" + byName.keySet();
  }
}
