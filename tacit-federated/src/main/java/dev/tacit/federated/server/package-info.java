/** The server side of a round: cohort sampling, decoding the sum, the optimizer, accounting. */
package dev.tacit.federated.server;
