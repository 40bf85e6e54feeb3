/**
 * The server step of a federated round: cohort sampling, decoding the sum, the optimizer,
 * accounting. The round's state machine, the co-occurrence releases and the hierarchical releases
 * are its subpackages.
 */
package dev.tacit.federated.server;
