package dev.tacit.privacy.participant;

import static dev.tacit.check.Preconditions.checkNotNull;
import static dev.tacit.check.Preconditions.checkOpenUnit;

import dev.tacit.privacy.accounting.Accountant;
import dev.tacit.privacy.accounting.PrivacyEvent;
import dev.tacit.privacy.accounting.PrivacyGuarantee;
import java.util.Collection;
import java.util.List;

/**
 * The (ε, δ) one participant may spend against a party that sees who took part in each release, and
 * the ε it has spent against that party.
 *
 * <p>Amplification by sampling (Poisson subsampling at rate q, Mironov, Talwar &amp; Zhang 2019)
 * holds only against an observer who does not know whether a participant was in the sample. The
 * server of a federated run sees every check-in, so against it a participant's ε is the composition
 * of the releases it was counted in, each at sampling rate 1 ({@link #unamplified}), and nothing
 * for the releases it was not in. The composition is the same RDP accountant with the improved
 * conversion ({@link Accountant#rdp()}).
 *
 * @param epsilon the ε a participant may reach, > 0 ({@code +∞} for no limit)
 * @param delta the δ at which ε is stated, in (0, 1)
 */
public record ParticipantBudget(double epsilon, double delta) {
  /** Validates the values. */
  public ParticipantBudget {
    if (!(epsilon > 0)) {
      throw new IllegalArgumentException("epsilon must be > 0 (or infinite), was " + epsilon);
    }
    checkOpenUnit(delta, "delta");
  }

  /** No limit on ε, stated at {@code delta}. */
  public static ParticipantBudget unlimited(double delta) {
    return new ParticipantBudget(Double.POSITIVE_INFINITY, delta);
  }

  /** Whether ε is limited. */
  public boolean limited() {
    return Double.isFinite(epsilon);
  }

  /**
   * What {@code event} costs a participant that was counted in it, against a party that knows it
   * was: a sampled Gaussian at rate 1 (the plain Gaussian mechanism), other events unchanged (they
   * carry no amplification).
   */
  public static PrivacyEvent unamplified(PrivacyEvent event) {
    checkNotNull(event, "event");
    if (event instanceof PrivacyEvent.SampledGaussian g && g.samplingRate() < 1) {
      return PrivacyEvent.gaussian(g.noiseMultiplier(), g.steps());
    }
    return event;
  }

  /**
   * The (ε, δ) of a participant counted in {@code joined} (the releases as charged, amplified or
   * not), against a party that knows which ones: their unamplified composition, at {@code delta}.
   * Nothing joined is ε = 0.
   *
   * @throws IllegalArgumentException if δ is not in (0, 1)
   */
  public static PrivacyGuarantee spent(Collection<? extends PrivacyEvent> joined, double delta) {
    checkNotNull(joined, "joined");
    Accountant accountant = Accountant.rdp();
    for (PrivacyEvent e : joined) {
      accountant.compose(unamplified(e));
    }
    return accountant.guarantee(delta);
  }

  /** The (ε, δ) of a participant counted in {@code joined}, at this budget's δ. */
  public PrivacyGuarantee spent(Collection<? extends PrivacyEvent> joined) {
    return spent(joined, delta);
  }

  /** The ε a participant counted in {@code joined} would reach if also counted in {@code next}. */
  public double epsilonIfJoined(Collection<? extends PrivacyEvent> joined, PrivacyEvent next) {
    checkNotNull(joined, "joined");
    checkNotNull(next, "next");
    List<PrivacyEvent> all = new java.util.ArrayList<>(joined);
    all.add(next);
    return spent(all, delta).epsilon();
  }

  /**
   * Whether a participant counted in {@code joined} may also be counted in {@code next}: whether
   * its ε would stay within this budget.
   */
  public boolean admits(Collection<? extends PrivacyEvent> joined, PrivacyEvent next) {
    return !limited() || epsilonIfJoined(joined, next) <= epsilon;
  }
}
