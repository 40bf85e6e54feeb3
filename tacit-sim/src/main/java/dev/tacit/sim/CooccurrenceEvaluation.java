package dev.tacit.sim;

import dev.tacit.core.data.Csr;
import dev.tacit.core.data.Interactions;
import dev.tacit.core.data.UserAttributes;
import dev.tacit.core.eval.Evaluator;
import dev.tacit.core.eval.FoldResult;
import dev.tacit.core.model.Recommender;
import dev.tacit.core.split.Split;
import dev.tacit.federated.cooccurrence.CooccurrenceModel;
import java.util.Map;

/**
 * Scores a co-occurrence model with the protocol of {@code tacit evaluate}: every user is scored as
 * its device would, from its own training items, and the training items are excluded.
 */
public final class CooccurrenceEvaluation {
  private CooccurrenceEvaluation() {}

  /** A recommender that scores each user of {@code train} from its own training items. */
  public static Recommender recommender(CooccurrenceModel model, Interactions train) {
    Csr byUser = train.byUser();
    return new Recommender() {
      @Override
      public String name() {
        return Experiment.FEDERATED;
      }

      @Override
      public Map<String, Object> params() {
        return model.provenance();
      }

      @Override
      public int numItems() {
        return model.head().numItems();
      }

      @Override
      public void scoreAll(int user, float[] out) {
        model.scoreAll(byUser.row(user), out);
      }
    };
  }

  /** Evaluates the model on {@code split}. */
  public static FoldResult evaluate(
      CooccurrenceModel model, Split split, UserAttributes attributes) {
    return Evaluator.evaluate(recommender(model, split.train()), split, attributes);
  }
}
