package dev.tacit.sim;

import dev.tacit.core.data.Csr;
import dev.tacit.core.data.Interactions;
import dev.tacit.core.data.UserAttributes;
import dev.tacit.core.eval.Evaluator;
import dev.tacit.core.eval.FoldResult;
import dev.tacit.core.model.IalsModel;
import dev.tacit.core.split.Split;
import dev.tacit.federated.ModelSnapshot;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Scores a federated model with the protocol of {@code tacit evaluate}: every user's factor is
 * solved as the device would, by fold-in from its own training items, and the model ranks all items
 * with the training items excluded.
 */
public final class FederatedEvaluation {
  private FederatedEvaluation() {}

  /** A recommender from the model's item factors and every user's folded-in factor. */
  public static IalsModel recommender(
      ModelSnapshot model, Interactions train, Map<String, Object> params) {
    int users = train.numUsers();
    int k = model.factors();
    Csr byUser = train.byUser();
    float[] x = new float[users * k];
    IntStream.range(0, users)
        .parallel()
        .forEach(u -> System.arraycopy(model.userFactor(byUser.row(u)), 0, x, u * k, k));
    return IalsModel.of(
        users,
        model.numItems(),
        k,
        x,
        model.itemFactors(),
        model.alpha(),
        model.lambda(),
        false,
        params);
  }

  /** Evaluates the model on {@code split}. */
  public static FoldResult evaluate(ModelSnapshot model, Split split, UserAttributes attributes) {
    return Evaluator.evaluate(recommender(model, split.train(), Map.of()), split, attributes);
  }

  /** NDCG@10 of the model on {@code split}. */
  public static double ndcg(ModelSnapshot model, Split split) {
    return evaluate(model, split, UserAttributes.none()).metrics().get("ndcg@10");
  }
}
