/**
 * Federated evaluation: one report per device per model version, validated, and each version's sums
 * released once, with Gaussian noise charged to the {@code evaluation} privacy budget.
 */
package dev.tacit.server.evaluation;
