package dev.tacit.client;

import static dev.tacit.check.Preconditions.checkArgument;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tacit.client.consent.ConsentRecord;
import dev.tacit.client.store.EncryptedStore;
import dev.tacit.client.store.KeyProvider;
import dev.tacit.client.store.StoreCorruptedException;
import dev.tacit.protocol.Json;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * What the device keeps about its user, in the encrypted store: events (with their retention), the
 * consent history, the transparency log, the device's registration and its last user factor. A
 * snapshot plus a journal of events and log records appended since; compacted when the journal
 * grows long.
 *
 * <p>Not thread-safe by itself: the client's parts hold this object's monitor while they use it (it
 * is the client's one lock for its data).
 */
final class LocalState {
  private static final int COMPACT_AFTER = 2000;

  /**
   * The mapper of the device's own store: strict like the wire's, except that a field added to a
   * stored record since the store was written reads as null (a masked update logged before the
   * device tracked its ε against the server has no noise multiplier).
   */
  private static final ObjectMapper STORE_MAPPER =
      Json.mapper().disable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES);

  private final EncryptedStore store;
  private final Clock clock;
  private final Policy policy;
  private final List<Event> events = new ArrayList<>();
  private final List<ConsentRecord> consentHistory = new ArrayList<>();
  private final List<OutboundRecord> outbound = new ArrayList<>();

  /**
   * The costs in {@link #outbound}, kept as records are logged (a settled record keeps its cost).
   */
  private final List<Double> roundNoiseMultipliers = new ArrayList<>();

  private double reportEpsilonSpent;

  private String deviceId;
  private String token;
  private float[] userFactor;
  private long userFactorVersion = -1;

  /** Counts changes to the events, so that what is derived from them knows when to recompute. */
  private long eventsRevision;

  private boolean deleted;

  private LocalState(EncryptedStore store, Clock clock, Policy policy) {
    this.store = store;
    this.clock = clock;
    this.policy = policy;
  }

  /**
   * Opens the store and reads the state, dropping events past their retention.
   *
   * @throws StoreCorruptedException if the store or its content is not valid
   */
  static LocalState open(EncryptedStore store, Clock clock, Policy policy) {
    LocalState s = new LocalState(store, clock, policy);
    try {
      s.load();
      s.purgeExpired();
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
    return s;
  }

  private void load() {
    byte[] snap = store.snapshot();
    try {
      if (snap.length > 0) {
        StoredState s = STORE_MAPPER.readValue(snap, StoredState.class);
        events.addAll(s.events());
        consentHistory.addAll(s.consent());
        outbound.addAll(s.outbound());
        deviceId = s.deviceId();
        token = s.token();
        userFactor = s.userFactor();
        userFactorVersion = s.userFactorModelVersion();
      }
      for (byte[] r : store.records()) {
        JournalEntry e = STORE_MAPPER.readValue(r, JournalEntry.class);
        if (e.event() != null) {
          events.add(e.event());
        } else if (e.settles() != null) {
          checkSettles(e.settles(), e.outbound());
          outbound.set(e.settles(), e.outbound());
        } else {
          outbound.add(e.outbound());
        }
      }
      for (OutboundRecord r : outbound) {
        countCost(r);
      }
    } catch (IOException | IllegalArgumentException e) {
      throw new StoreCorruptedException(
          "the store decrypted but its content is not a valid state: " + e.getMessage(), e);
    }
  }

  private byte[] stateBytes() {
    StoredState s =
        new StoredState(
            1, events, consentHistory, outbound, deviceId, token, userFactor, userFactorVersion);
    try {
      return STORE_MAPPER.writeValueAsBytes(s);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize the state: " + e.getMessage(), e);
    }
  }

  /** Writes the whole state as a new snapshot, emptying the journal. */
  void snapshot() {
    store.writeSnapshot(stateBytes());
  }

  private void append(JournalEntry entry) {
    try {
      store.append(STORE_MAPPER.writeValueAsBytes(entry));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize a record: " + e.getMessage(), e);
    }
  }

  /**
   * @throws IllegalStateException if all data was deleted
   */
  void requireOpen() {
    if (deleted) {
      throw new IllegalStateException(
          "all data of this client was deleted; build a new client to start again");
    }
  }

  /** Deletes expired events and trims the history to its cap; rewrites the store if needed. */
  void purgeExpired() {
    Instant cutoff = clock.instant().minus(policy.retention());
    boolean changed = events.removeIf(e -> e.time().isBefore(cutoff));
    if (events.size() > policy.maxEvents()) {
      events.sort(Comparator.comparing(Event::time));
      int drop = events.size() - policy.maxEvents() + policy.maxEvents() / 10;
      events.subList(0, Math.min(drop, events.size())).clear();
      changed = true;
    }
    if (changed) {
      eventsRevision++;
      snapshot();
    }
  }

  /**
   * Checks an event's time against the clock and the retention period.
   *
   * @throws IllegalArgumentException if the event is null, too far in the future or expired
   */
  void check(Event event) {
    if (event == null) {
      throw new IllegalArgumentException("event must be given");
    }
    Instant now = clock.instant();
    if (event.time().isAfter(now.plus(policy.maxClockSkew()))) {
      throw new IllegalArgumentException(
          "time must be at most "
              + policy.maxClockSkew().toMinutes()
              + " minutes in the future (now "
              + now
              + "), was "
              + event.time()
              + "; nothing stored");
    }
    if (event.time().isBefore(now.minus(policy.retention()))) {
      throw new IllegalArgumentException(
          "time must be within the retention period of "
              + policy.retention().toDays()
              + " days, was "
              + event.time()
              + "; nothing stored");
    }
  }

  /** Stores a {@linkplain #check checked} event, compacting the journal when it grows long. */
  void record(Event event) {
    Instant now = clock.instant();
    append(new JournalEntry(event, null, null));
    events.add(event);
    eventsRevision++;
    if (events.size() > policy.maxEvents() || store.journalLength() > COMPACT_AFTER) {
      int before = store.journalLength();
      purgeExpired();
      if (store.journalLength() == before && before > 0) {
        snapshot();
      }
    } else {
      Instant cutoff = now.minus(policy.retention());
      for (Event e : events) {
        if (e.time().isBefore(cutoff)) {
          purgeExpired();
          break;
        }
      }
    }
  }

  /** The events, in the order they were stored; read-only. */
  List<Event> events() {
    return java.util.Collections.unmodifiableList(events);
  }

  /** The events within their retention now, oldest first, as a copy. */
  List<Event> currentEvents() {
    purgeExpired();
    return eventsByTime();
  }

  /** The events, oldest first, as a copy. */
  List<Event> eventsByTime() {
    List<Event> out = new ArrayList<>(events);
    out.sort(Comparator.comparing(Event::time));
    return out;
  }

  long eventsRevision() {
    return eventsRevision;
  }

  /** Adds a consent decision to the history and writes a snapshot. */
  void addConsent(ConsentRecord decision) {
    consentHistory.add(decision);
    snapshot();
  }

  List<ConsentRecord> consentHistory() {
    return List.copyOf(consentHistory);
  }

  /**
   * Adds a record to the transparency log (journaled at once).
   *
   * @return its position in the log, for {@link #settle}
   */
  int log(OutboundRecord record) {
    append(new JournalEntry(null, record, null));
    outbound.add(record);
    countCost(record);
    return outbound.size() - 1;
  }

  private void countCost(OutboundRecord r) {
    if (r.roundNoiseMultiplier() != null) {
      roundNoiseMultipliers.add(r.roundNoiseMultiplier());
    }
    if (r.reportEpsilon() != null) {
      reportEpsilonSpent += r.reportEpsilon();
    }
  }

  /**
   * Replaces the record at {@code position}, logged before its call, with the one written when the
   * call ended (its bytes counted); its purpose, endpoint, time and privacy cost must not change.
   * Does nothing once all data was deleted.
   */
  void settle(int position, OutboundRecord record) {
    if (deleted) {
      return;
    }
    checkSettles(position, record);
    append(new JournalEntry(null, record, position));
    outbound.set(position, record);
  }

  private void checkSettles(int position, OutboundRecord record) {
    checkArgument(
        position < outbound.size(),
        "a settled record must name a position in the log (< %s), was %s",
        outbound.size(),
        position);
    OutboundRecord logged = outbound.get(position);
    checkArgument(
        logged.time().equals(record.time())
            && logged.purpose().equals(record.purpose())
            && logged.endpoint().equals(record.endpoint())
            && Objects.equals(logged.roundNoiseMultiplier(), record.roundNoiseMultiplier())
            && Objects.equals(logged.reportEpsilon(), record.reportEpsilon()),
        "a settled record must keep the time, purpose, endpoint and cost of the one logged before"
            + " its call (%s %s)",
        logged.endpoint(),
        logged.time());
  }

  List<OutboundRecord> outbound() {
    return List.copyOf(outbound);
  }

  /** The noise multipliers of the rounds this device sent a masked update to, oldest first. */
  List<Double> roundNoiseMultipliers() {
    return new ArrayList<>(roundNoiseMultipliers);
  }

  /** The ε of the analytics reports this device sent, added up (ε-local DP composes so). */
  double reportEpsilonSpent() {
    return reportEpsilonSpent;
  }

  /** Keeps the registration the server gave and writes a snapshot. */
  void register(String id, String bearer) {
    deviceId = id;
    token = bearer;
    snapshot();
  }

  String deviceId() {
    return deviceId;
  }

  String token() {
    return token;
  }

  /** The last user factor computed, or null. */
  float[] userFactor() {
    return userFactor;
  }

  /** The model version of {@link #userFactor()}, or -1. */
  long userFactorVersion() {
    return userFactorVersion;
  }

  void userFactor(float[] factor, long modelVersion) {
    userFactor = factor;
    userFactorVersion = modelVersion;
  }

  /** The store's recovery notes. */
  List<String> recoveryNotes() {
    return store.recoveryNotes();
  }

  java.nio.file.Path directory() {
    return store.directory();
  }

  void rotateKey() {
    store.rotateKey(stateBytes());
  }

  void rewrap(KeyProvider keys) {
    store.rewrap(keys);
  }

  /** Destroys the store (crypto-shredding) and forgets everything held in memory. */
  void destroy() {
    store.destroy();
    deleted = true;
    events.clear();
    consentHistory.clear();
    outbound.clear();
    roundNoiseMultipliers.clear();
    reportEpsilonSpent = 0;
    token = null;
    deviceId = null;
    userFactor = null;
    eventsRevision++;
  }

  void close() {
    store.close();
  }
}
