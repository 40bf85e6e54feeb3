package dev.tacit.client;

import dev.tacit.client.server.RoundLink;
import dev.tacit.federated.RoundPlan;
import dev.tacit.federated.round.RoundTransport;
import dev.tacit.protocol.KeyAdvert;
import dev.tacit.protocol.NeighbourKeyList;
import dev.tacit.protocol.ShareBundle;
import dev.tacit.protocol.UnmaskAnswer;
import dev.tacit.protocol.UnmaskQuery;
import java.util.function.Supplier;

/**
 * The SecAgg+ link of a round, with every message in the transparency log: the SDK's {@link
 * RoundLink} as the transport {@code DeviceRound} runs over.
 */
final class LoggedRound implements RoundTransport {
  private static final String BASE = "/v1/devices/{id}/rounds/{round}";

  private final RoundLink link;
  private final LoggedServer server;
  private final RoundPlan plan;

  LoggedRound(RoundLink link, LoggedServer server, RoundPlan plan) {
    this.link = link;
    this.server = server;
    this.plan = plan;
  }

  private <T> T get(String what, String description, Supplier<T> call) {
    return server.send("training", "GET " + BASE + what, description, call);
  }

  private void post(String what, String description, Runnable call) {
    server.run("training", "POST " + BASE + what, description, call);
  }

  @Override
  public void advertise(KeyAdvert keys) {
    post(
        "/keys",
        "two fresh public keys for the secure aggregation of round " + plan.round(),
        () -> link.advertise(keys));
  }

  @Override
  public NeighbourKeyList neighbours() {
    return get("/neighbours", "asked for the public keys of the other devices", link::neighbours);
  }

  @Override
  public void shares(ShareBundle shares) {
    post(
        "/shares",
        "secret shares of this round's mask keys, each encrypted for one other device",
        () -> link.shares(shares));
  }

  @Override
  public ShareBundle routedShares() {
    return get(
        "/shares", "asked for the shares other devices encrypted for this one", link::routedShares);
  }

  @Override
  public void maskedInput(byte[] frame) {
    server.sendMaskedUpdate(
        "POST " + BASE + "/masked-input",
        "a clipped, noised, quantized model update for round "
            + plan.round()
            + " ("
            + plan.dimension()
            + " numbers, masked so that only the sum of all devices can be read; no events)",
        ServerBudget.costOf(plan),
        () -> link.maskedInput(frame));
  }

  @Override
  public UnmaskQuery unmaskQuery() {
    return get("/unmask", "asked which devices' shares to reveal", link::unmaskQuery);
  }

  @Override
  public void unmask(UnmaskAnswer answer) {
    post(
        "/unmask",
        "shares that let the server remove the masks from the sum (never both shares of one"
            + " device)",
        () -> link.unmask(answer));
  }
}
