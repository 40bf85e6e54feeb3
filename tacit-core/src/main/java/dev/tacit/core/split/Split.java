package dev.tacit.core.split;

import dev.tacit.core.data.Interactions;
import java.util.Objects;

/**
 * One train/test split over the same user and item index spaces; {@code name} identifies it in
 * reports (for example {@code "u1"} or {@code "random-seed-7"}).
 */
public record Split(String name, Interactions train, Interactions test) {
  /** Checks that train and test share dimensions. */
  public Split {
    Objects.requireNonNull(name, "name");
    if (train.numUsers() != test.numUsers() || train.numItems() != test.numItems()) {
      throw new IllegalArgumentException(
          "train is "
              + train.numUsers()
              + " x "
              + train.numItems()
              + " but test is "
              + test.numUsers()
              + " x "
              + test.numItems());
    }
  }
}
