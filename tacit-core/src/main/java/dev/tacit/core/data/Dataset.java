package dev.tacit.core.data;

import java.util.Objects;

/**
 * A named dataset: the interactions, the ID mappings, item metadata and user attributes (the last
 * used only for fairness evaluation).
 */
public record Dataset(
    String name,
    Interactions interactions,
    IdMap users,
    IdMap items,
    ItemMetadata itemMetadata,
    UserAttributes userAttributes) {
  /** Checks that the parts agree in size. */
  public Dataset {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(interactions, "interactions");
    Objects.requireNonNull(users, "users");
    Objects.requireNonNull(items, "items");
    itemMetadata = itemMetadata == null ? ItemMetadata.empty(items.size()) : itemMetadata;
    userAttributes = userAttributes == null ? UserAttributes.none() : userAttributes;
    if (interactions.numUsers() > users.size() || interactions.numItems() > items.size()) {
      throw new IllegalArgumentException(
          "interactions are "
              + interactions.numUsers()
              + " x "
              + interactions.numItems()
              + " but the ID maps hold "
              + users.size()
              + " users and "
              + items.size()
              + " items");
    }
  }
}
