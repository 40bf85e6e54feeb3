package dev.tacit.client;

import dev.tacit.client.consent.Consent;
import dev.tacit.client.consent.ConsentLedger;
import dev.tacit.client.consent.ConsentRecord;
import dev.tacit.protocol.ConsentUpdate;
import dev.tacit.protocol.Purpose;
import java.time.Clock;
import java.util.List;
import java.util.Set;

/**
 * The user's consent as the app sees it: each decision is kept in the store with the policy version
 * and, once the device is registered, told to the server's consent ledger (best effort: the server
 * learns a decision it missed at the next registration or check-in).
 */
final class DeviceConsent implements Consent {
  private final LocalState state;
  private final ConsentLedger ledger;
  private final LoggedServer server;
  private final Clock clock;
  private final String policyVersion;

  DeviceConsent(
      LocalState state,
      ConsentLedger ledger,
      LoggedServer server,
      Clock clock,
      String policyVersion) {
    this.state = state;
    this.ledger = ledger;
    this.server = server;
    this.clock = clock;
    this.policyVersion = policyVersion;
  }

  @Override
  public String policyVersion() {
    return policyVersion;
  }

  @Override
  public void grant(Purpose purpose) {
    decide(purpose, true);
  }

  @Override
  public void withdraw(Purpose purpose) {
    if (purpose == Purpose.TRAINING) {
      ledger.stopTraining(); // before taking the lock: a round in progress stops now
    }
    decide(purpose, false);
  }

  @Override
  public boolean isGranted(Purpose purpose) {
    synchronized (state) {
      return ledger.isGranted(purpose);
    }
  }

  @Override
  public Set<Purpose> granted() {
    synchronized (state) {
      return ledger.granted();
    }
  }

  @Override
  public List<ConsentRecord> history() {
    synchronized (state) {
      return state.consentHistory();
    }
  }

  private void decide(Purpose purpose, boolean grant) {
    if (purpose == null) {
      throw new IllegalArgumentException("purpose must be given");
    }
    ConsentUpdate update;
    String token;
    synchronized (state) {
      state.requireOpen();
      ConsentRecord c = new ConsentRecord(purpose, grant, policyVersion, clock.instant());
      ledger.apply(c);
      state.addConsent(c);
      if (!server.configured() || state.deviceId() == null) {
        return;
      }
      update = new ConsentUpdate(state.deviceId(), purpose, grant, policyVersion, c.time());
      token = state.token();
    }
    try {
      server.run(
          "consent",
          "POST /v1/devices/{id}/consent",
          (grant ? "granted " : "withdrew ")
              + purpose.wireName()
              + " (policy "
              + policyVersion
              + ")",
          () -> server.connection().consent(token, update));
    } catch (RuntimeException e) {
      // The decision holds on the device; the server's ledger learns it at the next check-in.
    }
  }
}
