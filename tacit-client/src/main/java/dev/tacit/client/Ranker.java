package dev.tacit.client;

import dev.tacit.client.consent.ConsentLedger;
import dev.tacit.client.cooccurrence.CooccurrenceRecommender;
import dev.tacit.client.internal.Catalogue;
import dev.tacit.client.internal.Reranker;
import dev.tacit.client.model.ModelCache;
import dev.tacit.core.model.TopK;
import dev.tacit.federated.ModelSnapshot;
import dev.tacit.protocol.Purpose;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Ranks the catalogue on the device: the user's positive items from the local events, their user
 * factor under the installed model (or the co-occurrence model's scores), without seen items,
 * optionally of one category, re-ranked as the filter asks; popularity when it cannot personalize.
 * Remembers the last list, for {@link Explainer}. Called under the client's lock.
 */
final class Ranker {
  private final LocalState state;
  private final ModelCache models;
  private final ConsentLedger consent;

  private long cachedEvents = -1;
  private long cachedModels = -1;
  private boolean factorStale = true;
  private int[] positivesCache;
  private int[] seenCache;
  private Map<String, Recommendation> last = Map.of();
  private String lastReranking = "none";

  Ranker(LocalState state, ModelCache models, ConsentLedger consent) {
    this.state = state;
    this.models = models;
    this.consent = consent;
  }

  /** Drops what was derived from the events or the model if either changed since. */
  private void refresh() {
    if (cachedEvents != state.eventsRevision() || cachedModels != models.revision()) {
      cachedEvents = state.eventsRevision();
      cachedModels = models.revision();
      factorStale = true;
      positivesCache = null;
      seenCache = null;
    }
  }

  /** The rows of the user's positive items (not disliked), sorted. */
  int[] positiveRows() {
    refresh();
    Catalogue catalogue = models.catalogue();
    if (catalogue == null) {
      return new int[0];
    }
    if (positivesCache == null) {
      Set<String> disliked = new HashSet<>();
      for (Event e : state.events()) {
        if (e.signal().isNegative()) {
          disliked.add(e.itemId());
        }
      }
      Set<Integer> rows = new HashSet<>();
      for (Event e : state.events()) {
        if (e.signal().isPositive(e.value()) && !disliked.contains(e.itemId())) {
          addRow(rows, catalogue, e);
        }
      }
      positivesCache = sorted(rows);
    }
    return positivesCache;
  }

  private int[] seenRows() {
    refresh();
    if (seenCache == null) {
      Set<Integer> rows = new HashSet<>();
      for (Event e : state.events()) {
        addRow(rows, models.catalogue(), e);
      }
      seenCache = sorted(rows);
    }
    return seenCache;
  }

  private static void addRow(Set<Integer> rows, Catalogue catalogue, Event e) {
    int r = catalogue.indexOf(e.itemId());
    if (r >= 0) {
      rows.add(r);
    }
  }

  private static int[] sorted(Set<Integer> rows) {
    return rows.stream().mapToInt(Integer::intValue).sorted().toArray();
  }

  /** The user factor under the factor model from these rows, recomputed only when stale. */
  float[] userFactor(int[] rows) {
    refresh();
    ModelSnapshot model = models.model();
    if (factorStale || state.userFactor() == null || state.userFactorVersion() != model.version()) {
      state.userFactor(model.userFactor(rows), model.version());
      factorStale = false;
    }
    return state.userFactor();
  }

  /** Whether the co-occurrence model personalizes for these positives. */
  boolean cooccurrencePersonal(int[] positives) {
    CooccurrenceRecommender c = models.cooccurrence();
    return c != null
        && c.personal()
        && positives.length > 0
        && consent.isGranted(Purpose.PERSONALIZATION);
  }

  /** Whether the scores for these positives are personal rather than popularity. */
  boolean personal(int[] positives) {
    return cooccurrencePersonal(positives)
        || (models.model() != null
            && positives.length > 0
            && consent.isGranted(Purpose.PERSONALIZATION));
  }

  /** The top {@code k}; see {@link TacitClient#recommend}. */
  Recommendations recommend(int k, Filter filter) {
    if (k < 1 || k > TacitClient.MAX_K) {
      throw new IllegalArgumentException("k must be in [1, " + TacitClient.MAX_K + "], was " + k);
    }
    if (filter == null) {
      throw new IllegalArgumentException("filter must be given (Filter.none() for none)");
    }
    state.purgeExpired();
    Catalogue catalogue = models.catalogue();
    if (catalogue == null) {
      last = Map.of();
      return new Recommendations(
          List.of(),
          Recommendations.Source.NONE,
          "no model or catalogue on this device yet: nothing to recommend");
    }
    int[] positives = positiveRows();
    boolean cooc = cooccurrencePersonal(positives);
    boolean personal = personal(positives);
    ModelSnapshot model = models.model();
    String note;
    float[] s;
    if (cooc) {
      s = models.cooccurrence().scores(positives);
      note =
          "personalized on this device by the private co-occurrence model from "
              + positives.length
              + " of your past items; nothing about them left the device";
    } else if (personal) {
      s = models.scoreBuffer();
      models.factors().score(userFactor(positives), s);
      note =
          "personalized on this device from "
              + positives.length
              + " of your past items; nothing about them left the device";
    } else {
      s = catalogue.popularity().clone();
      note = popularityReason();
    }
    for (int r : seenRows()) {
      s[r] = Float.NaN;
    }
    if (filter.category() != null) {
      int cat = catalogue.categoryId(filter.category());
      for (int i = 0; i < s.length; i++) {
        if (!contains(catalogue.categoriesOf(i), cat)) {
          s[i] = Float.NaN;
        }
      }
    }
    Reranking rr = filter.reranking();
    boolean rerank =
        rr.kind() == Reranking.Kind.CALIBRATION
            || (rr.kind() == Reranking.Kind.MMR && model != null);
    int pool = rerank ? Math.max(50, 5 * k) : k;
    int[] candidates = TopK.select(s, pool, null, 0);
    int[] order;
    if (!rerank || rr.weight() == 0) {
      order = new int[Math.min(k, candidates.length)];
      for (int i = 0; i < order.length; i++) {
        order[i] = i;
      }
    } else if (rr.kind() == Reranking.Kind.MMR) {
      order =
          Reranker.mmr(
              candidates, s, models.factors().rows(candidates), model.factors(), k, rr.weight());
    } else {
      order = Reranker.calibrated(candidates, s, catalogue, categoryMix(), k, rr.weight());
    }
    List<Recommendation> out = new ArrayList<>(order.length);
    Map<String, Recommendation> byId = new LinkedHashMap<>();
    for (int i = 0; i < order.length; i++) {
      int row = candidates[order[i]];
      Recommendation r =
          new Recommendation(
              catalogue.id(row), s[row], catalogue.categoryNamesOf(row), order[i] + 1, i + 1);
      out.add(r);
      byId.put(r.itemId(), r);
    }
    last = byId;
    lastReranking = rerank ? rr.kind().name().toLowerCase(Locale.ROOT) : "none";
    return new Recommendations(
        out,
        personal ? Recommendations.Source.PERSONALIZED : Recommendations.Source.POPULARITY,
        note);
  }

  private String popularityReason() {
    if (models.model() == null && models.cooccurrence() == null) {
      return "popular items: no model has been downloaded yet";
    } else if (models.model() == null && !models.cooccurrence().personal()) {
      return "popular items: the co-occurrence model is not complete yet";
    } else if (!consent.isGranted(Purpose.PERSONALIZATION)) {
      return "popular items: personalization is not granted";
    }
    return "popular items: there is no history to personalize from yet";
  }

  private static boolean contains(int[] a, int v) {
    for (int x : a) {
      if (x == v) {
        return true;
      }
    }
    return false;
  }

  /** The user's category distribution over positive items (Steck 2018's p(g|u)). */
  private double[] categoryMix() {
    Catalogue catalogue = models.catalogue();
    double[] p = new double[catalogue.categoryCount()];
    double total = 0;
    for (int row : positiveRows()) {
      int[] cats = catalogue.categoriesOf(row);
      for (int c : cats) {
        p[c] += 1.0 / cats.length;
      }
      total += cats.length > 0 ? 1 : 0;
    }
    for (int c = 0; c < p.length; c++) {
      p[c] = total > 0 ? p[c] / total : 0;
    }
    return p;
  }

  /** The item in the last list returned, or null. */
  Recommendation last(String itemId) {
    return last.get(itemId);
  }

  /** The re-ranking of the last list: {@code none}, {@code mmr} or {@code calibration}. */
  String lastReranking() {
    return lastReranking;
  }
}
