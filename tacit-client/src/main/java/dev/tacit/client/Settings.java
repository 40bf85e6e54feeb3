package dev.tacit.client;

import static dev.tacit.check.Preconditions.checkArgument;

import dev.tacit.client.server.ServerConnection;
import dev.tacit.client.store.Durability;
import dev.tacit.client.store.KeyProvider;
import dev.tacit.client.store.StoreCorruptedException;
import dev.tacit.privacy.random.RandomSource;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HashSet;
import java.util.Set;

/**
 * The settings of a client to be built, each given at most once, and the defaults of those not
 * given: the methods of {@link TacitClient.Builder}, kept apart so that the client reads as the
 * facade it is (as {@code StringBuilder}'s are in {@code AbstractStringBuilder}).
 */
abstract class Settings {
  Path directory;
  KeyProvider keys;
  ServerConnection server;
  Clock clock;
  Policy policy;
  String policyVersion;
  Durability durability;
  RandomSource random;
  private DeviceRandom givenRandom;
  SecureRandom secureRandom;
  BudgetAgainstServer budgetAgainstServer;
  double analyticsBudget = Double.POSITIVE_INFINITY;
  Sleeper sleeper;
  private final Set<String> given = new HashSet<>();

  private void once(String name, Object value) {
    if (value == null) {
      throw new IllegalArgumentException(name + " must not be null");
    }
    if (!given.add(name)) {
      throw new IllegalStateException(name + " was already set");
    }
  }

  /** The directory of this user's store (created if missing). */
  public final TacitClient.Builder storageDirectory(Path value) {
    once("storageDirectory", value);
    directory = value;
    return self();
  }

  /** The provider of the key that wraps the store's keyset. */
  public final TacitClient.Builder keyProvider(KeyProvider value) {
    once("keyProvider", value);
    keys = value;
    return self();
  }

  /** The server; without one, the client works offline and never sends anything. */
  public final TacitClient.Builder server(ServerConnection value) {
    once("server", value);
    server = value;
    return self();
  }

  /** The clock (default: the system clock in UTC). */
  public final TacitClient.Builder clock(Clock value) {
    once("clock", value);
    clock = value;
    return self();
  }

  /** The policy (default {@link Policy#defaults()}). */
  public final TacitClient.Builder policy(Policy value) {
    once("policy", value);
    policy = value;
    return self();
  }

  /** The version of the privacy policy the app shows (default "1"). */
  public final TacitClient.Builder policyVersion(String value) {
    once("policyVersion", value);
    if (!value.matches("[A-Za-z0-9._:-]{1,32}")) {
      throw new IllegalArgumentException(
          "policyVersion must be 1 to 32 characters from [A-Za-z0-9._:-], was \"" + value + "\"");
    }
    policyVersion = value;
    return self();
  }

  /** When records reach the disk (default {@link Durability#WRITE}). */
  public final TacitClient.Builder durability(Durability value) {
    once("durability", value);
    durability = value;
    return self();
  }

  /**
   * The random source of the device's noise, rounding and randomized responses (default a secure
   * one seeded from the {@linkplain #secureRandom secure random}).
   */
  public final TacitClient.Builder randomSource(DeviceRandom value) {
    once("randomSource", value);
    givenRandom = value;
    return self();
  }

  /** The source of keys and salts (default a new {@link SecureRandom}). */
  public final TacitClient.Builder secureRandom(SecureRandom value) {
    once("secureRandom", value);
    secureRandom = value;
    return self();
  }

  /**
   * The (ε, δ) this device may spend against the server: the rounds it sends a masked update to,
   * composed without amplification by sampling (default no limit, at δ = 1e-6, the server's
   * default). The device does not check in while one more round like its last would pass it, and
   * abandons, before sending anything for it, a round whose plan would. The server has a per-device
   * budget of its own ({@code tacit serve --device-epsilon}); this one lets a user, or an app, be
   * stricter.
   */
  public final TacitClient.Builder budgetAgainstServer(BudgetAgainstServer value) {
    once("budgetAgainstServer", value);
    budgetAgainstServer = value;
    return self();
  }

  /**
   * The ε this device's analytics reports may add up to (ε-local DP: each report costs the ε the
   * query states, and reports compose by adding; default no limit, the server's analytics budget
   * applies). A report that would pass it is not sent ({@link TacitClient#answer} and {@link
   * TacitClient#reportAnalytics} return false): a server that opened query after query on the same
   * question, or lifted its own analytics budget, cannot average a device's answers past this.
   *
   * @throws IllegalArgumentException if {@code epsilon} is not positive (infinity for no limit)
   */
  public final TacitClient.Builder analyticsBudget(double epsilon) {
    checkArgument(
        epsilon > 0, "analyticsBudget must be > 0 (Infinity for no limit), was %s", epsilon);
    once("analyticsBudget", epsilon);
    analyticsBudget = epsilon;
    return self();
  }

  /**
   * How the client waits between check-ins while a round gathers devices (default {@link
   * Sleeper#system()}); a test passes one that advances its fake clock.
   */
  public final TacitClient.Builder sleeper(Sleeper value) {
    once("sleeper", value);
    sleeper = value;
    return self();
  }

  private TacitClient.Builder self() {
    return (TacitClient.Builder) this;
  }

  /**
   * Opens the store and builds the client.
   *
   * @throws IllegalStateException if the storage directory or key provider is missing
   * @throws StoreCorruptedException if the store was tampered with, truncated, or the key is wrong
   */
  public final TacitClient build() {
    complete();
    return new TacitClient(this);
  }

  /** Checks that the storage directory and key provider are there, and fills in the defaults. */
  private void complete() {
    if (directory == null) {
      throw new IllegalStateException("storageDirectory must be set");
    }
    if (keys == null) {
      throw new IllegalStateException("keyProvider must be set");
    }
    if (clock == null) {
      clock = Clock.systemUTC();
    }
    if (policy == null) {
      policy = Policy.defaults();
    }
    if (policyVersion == null) {
      policyVersion = "1";
    }
    if (durability == null) {
      durability = Durability.WRITE;
    }
    if (secureRandom == null) {
      secureRandom = new SecureRandom();
    }
    random = givenRandom == null ? RandomSource.secure(secureRandom) : givenRandom::nextLong;
    if (budgetAgainstServer == null) {
      budgetAgainstServer = BudgetAgainstServer.unlimited(TacitClient.DEFAULT_DELTA);
    }
    if (sleeper == null) {
      sleeper = Sleeper.system();
    }
  }
}
