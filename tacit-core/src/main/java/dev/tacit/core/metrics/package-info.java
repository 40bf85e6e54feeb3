/** Ranking metrics (accuracy, beyond-accuracy, fairness) with the definitions of DESIGN.md. */
package dev.tacit.core.metrics;
