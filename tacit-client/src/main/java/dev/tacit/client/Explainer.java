package dev.tacit.client;

import dev.tacit.client.explain.Attribution;
import dev.tacit.client.explain.Explanation;
import dev.tacit.client.internal.Catalogue;
import dev.tacit.client.model.ModelCache;
import dev.tacit.federated.ModelSnapshot;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Explains a recommendation: the past items whose contributions make up most of the item's score
 * (exact attributions of the factor or co-occurrence model), the categories involved, and what
 * re-ranking did to it in the last list. Called under the client's lock.
 */
final class Explainer {
  private final ModelCache models;
  private final Ranker ranker;

  Explainer(ModelCache models, Ranker ranker) {
    this.models = models;
    this.ranker = ranker;
  }

  /** See {@link TacitClient#explain}. */
  Explanation explain(String itemId) {
    Catalogue catalogue = models.catalogue();
    if (catalogue == null) {
      throw new IllegalStateException("no model or catalogue on this device yet");
    }
    int row = itemId == null ? -1 : catalogue.indexOf(itemId);
    if (row < 0) {
      throw new IllegalArgumentException("item \"" + itemId + "\" is not in the catalogue");
    }
    Recommendation rec = ranker.last(itemId);
    int modelRank = rec == null ? 0 : rec.modelRank();
    int rank = rec == null ? 0 : rec.rank();
    List<String> cats = catalogue.categoryNamesOf(row);
    int[] positives = ranker.positiveRows();
    boolean personal = ranker.personal(positives);
    StringBuilder text = new StringBuilder();
    List<Explanation.Contribution> because = new ArrayList<>();
    Set<String> shared = new LinkedHashSet<>();
    double score;
    if (personal) {
      double[] c = contributions(positives, row);
      score = 0;
      for (double v : c) {
        score += v;
      }
      Integer[] idx = new Integer[c.length];
      for (int i = 0; i < idx.length; i++) {
        idx[i] = i;
      }
      Arrays.sort(idx, (a, b) -> Double.compare(c[b], c[a]));
      for (int i = 0; i < Math.min(3, idx.length) && c[idx[i]] > 0; i++) {
        int past = positives[idx[i]];
        because.add(
            new Explanation.Contribution(
                catalogue.id(past), c[idx[i]], score != 0 ? c[idx[i]] / score : 0));
        for (String pc : catalogue.categoryNamesOf(past)) {
          if (cats.contains(pc)) {
            shared.add(pc);
          }
        }
      }
      describeBecause(text, because);
    } else {
      score = catalogue.popularity()[row];
      text.append("Recommended for its popularity, not from your history");
    }
    if (!cats.isEmpty()) {
      text.append("; categories: ").append(String.join(", ", cats));
      if (!shared.isEmpty()) {
        text.append(" (shared with what you liked: ").append(String.join(", ", shared)).append(")");
      }
    }
    if (rec != null) {
      if (modelRank != rank) {
        text.append(
            String.format(
                Locale.ROOT,
                "; %s re-ranking moved it from #%d to #%d",
                ranker.lastReranking(),
                modelRank,
                rank));
      } else {
        text.append(String.format(Locale.ROOT, "; ranked #%d, not moved by re-ranking", rank));
      }
    }
    text.append('.');
    return new Explanation(
        itemId,
        personal,
        score,
        because,
        cats,
        List.copyOf(shared),
        modelRank,
        rank,
        text.toString());
  }

  /** Each positive item's contribution to the score of {@code row}. */
  private double[] contributions(int[] positives, int row) {
    if (ranker.cooccurrencePersonal(positives)) {
      return models.cooccurrence().contributions(positives, row);
    }
    ModelSnapshot model = models.model();
    return Attribution.contributions(
        models.factors().rows(append(positives, row)),
        model.factors(),
        model.gram(),
        sequence(positives.length),
        positives.length,
        model.alpha(),
        model.lambda());
  }

  private static void describeBecause(StringBuilder text, List<Explanation.Contribution> because) {
    if (because.isEmpty()) {
      text.append("None of your past items points to this one strongly");
      return;
    }
    double share = 0;
    for (Explanation.Contribution b : because) {
      share += b.share();
    }
    text.append("Because you liked ");
    for (int i = 0; i < because.size(); i++) {
      text.append(i == 0 ? "" : i == because.size() - 1 ? " and " : ", ");
      text.append(because.get(i).itemId());
    }
    text.append(String.format(Locale.ROOT, " (together %.0f%% of its score", 100 * share));
    // Attributions are exact and can be negative: when the items named give more than the whole
    // score, the user's other items pulled it down, and the text says so instead of leaving an
    // unexplained share above 100%.
    text.append(share > 1 ? "; your other items lowered it)" : ")");
  }

  private static int[] append(int[] a, int v) {
    int[] out = Arrays.copyOf(a, a.length + 1);
    out[a.length] = v;
    return out;
  }

  private static int[] sequence(int n) {
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      out[i] = i;
    }
    return out;
  }
}
