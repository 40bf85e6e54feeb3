package dev.tacit.spark;

import java.io.Serializable;
import java.util.Arrays;

/**
 * One user of a log, as its device would hold it: its training items and its held-out items.
 *
 * @param device the user's position in the population (its device number, which seeds its
 *     randomness), from 0
 * @param train the distinct training item indices, increasing
 * @param test the distinct held-out item indices, increasing
 */
public record UserRow(int device, int[] train, int[] test) implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Validates and copies. */
  public UserRow {
    if (device < 0) {
      throw new IllegalArgumentException("device must be >= 0, was " + device);
    }
    if (train == null || test == null) {
      throw new IllegalArgumentException("train and test must be given (empty if none)");
    }
    train = train.clone();
    test = test.clone();
  }

  @Override
  public int[] train() {
    return train.clone();
  }

  @Override
  public int[] test() {
    return test.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof UserRow r
        && r.device == device
        && Arrays.equals(r.train, train)
        && Arrays.equals(r.test, test);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * device + Arrays.hashCode(train)) + Arrays.hashCode(test);
  }

  @Override
  public String toString() {
    return "UserRow[device=" + device + ", " + train.length + " train, " + test.length + " test]";
  }
}
