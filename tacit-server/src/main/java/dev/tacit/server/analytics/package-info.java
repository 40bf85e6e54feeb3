/**
 * Federated analytics: the operator asks aggregate questions, devices that granted {@code
 * analytics} answer with ε-LDP frequency-oracle reports, and the operator sees only the estimated
 * counts with their confidence intervals.
 */
package dev.tacit.server.analytics;
