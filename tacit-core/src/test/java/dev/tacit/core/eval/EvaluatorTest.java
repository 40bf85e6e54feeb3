package dev.tacit.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tacit.core.data.Interactions;
import dev.tacit.core.data.UserAttributes;
import dev.tacit.core.model.Recommender;
import dev.tacit.core.split.Split;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EvaluatorTest {
  /** Scores each user's test items highest: an oracle. */
  private static Recommender oracle(Interactions test) {
    return new Recommender() {
      @Override
      public String name() {
        return "oracle";
      }

      @Override
      public Map<String, Object> params() {
        return Map.of();
      }

      @Override
      public int numItems() {
        return test.numItems();
      }

      @Override
      public void scoreAll(int user, float[] out) {
        java.util.Arrays.fill(out, 0f);
        for (int p = test.byUser().start(user); p < test.byUser().end(user); p++) {
          out[test.byUser().indices()[p]] = 1f + p;
        }
      }
    };
  }

  private static Split split() {
    Interactions train =
        Interactions.builder(3, 30).add(0, 0, 1, 0).add(1, 1, 1, 0).add(2, 2, 1, 0).build();
    Interactions test =
        Interactions.builder(3, 30).add(0, 5, 1, 0).add(0, 6, 1, 0).add(1, 7, 1, 0).build();
    return new Split("t", train, test);
  }

  @Test
  void perfectRanking_scoresOne_andUsersWithoutTestItemsAreSkipped() {
    Split s = split();
    UserAttributes attrs = UserAttributes.of(Map.of("gender", new String[] {"F", "M", "M"}));
    FoldResult r = Evaluator.evaluate(oracle(s.test()), s, attrs);
    assertThat(r.usersEvaluated()).isEqualTo(2);
    assertThat(r.metrics().get("ndcg@10")).isCloseTo(1.0, within(1e-12));
    assertThat(r.metrics().get("recall@20")).isEqualTo(1.0);
    assertThat(r.metrics().get("map@10")).isEqualTo(1.0);
    assertThat(r.metrics().get("hitrate@10")).isEqualTo(1.0);
    assertThat(r.metrics().get("mrr@10")).isEqualTo(1.0);
    assertThat(r.metrics().get("precision@10")).isCloseTo((0.2 + 0.1) / 2, within(1e-12));
    assertThat(r.perUserNdcg()[2]).isNaN();
    assertThat(r.groupNdcg().get("gender")).containsEntry("gap", 0.0).containsKeys("F", "M");
  }

  @Test
  void trainingItems_areExcludedFromTheRanking() {
    Split s = split();
    // Scores the training item of each user highest: it must not be recommended.
    Recommender trainLover =
        new Recommender() {
          @Override
          public String name() {
            return "x";
          }

          @Override
          public Map<String, Object> params() {
            return Map.of();
          }

          @Override
          public int numItems() {
            return 30;
          }

          @Override
          public void scoreAll(int user, float[] out) {
            for (int i = 0; i < out.length; i++) {
              out[i] = -i;
            }
            out[user] = 100f; // user u's training item is u
          }
        };
    int[][] lists = Evaluator.recommendAll(trainLover, s.train().byUser(), s.test().byUser());
    assertThat(lists[0]).doesNotContain(0).startsWith(1, 2);
    assertThat(lists[0]).hasSize(Evaluator.RECALL_K);
  }
}
