package dev.tacit.server.http;

import dev.tacit.privacy.budget.BudgetLedger;
import dev.tacit.server.config.ServerConfig;
import dev.tacit.server.store.DeviceEpsilons;
import dev.tacit.server.store.ModelRegistry;
import dev.tacit.server.store.SqlLedgerStore;
import dev.tacit.server.store.Storage;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Objects;

/**
 * The server's shared state, handed to each route module at construction: the module takes what it
 * needs from it once, and nothing asks {@link Api} for anything.
 *
 * @param config the configuration
 * @param storage the database
 * @param models the published model versions
 * @param ledgerStore the privacy ledger's rows
 * @param ledger the privacy budget ledger
 * @param deviceEpsilons each device's own training ε against the server
 * @param meters the metrics registry
 * @param guard authentication, rate limits and the body limit
 * @param withdrawals where withdrawals of consent are announced
 */
public record ServerContext(
    ServerConfig config,
    Storage storage,
    ModelRegistry models,
    SqlLedgerStore ledgerStore,
    BudgetLedger ledger,
    DeviceEpsilons deviceEpsilons,
    PrometheusMeterRegistry meters,
    Guard guard,
    Withdrawals withdrawals) {

  /** Checks that every part is given. */
  public ServerContext {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(storage, "storage");
    Objects.requireNonNull(models, "models");
    Objects.requireNonNull(ledgerStore, "ledgerStore");
    Objects.requireNonNull(ledger, "ledger");
    Objects.requireNonNull(deviceEpsilons, "deviceEpsilons");
    Objects.requireNonNull(meters, "meters");
    Objects.requireNonNull(guard, "guard");
    Objects.requireNonNull(withdrawals, "withdrawals");
  }
}
