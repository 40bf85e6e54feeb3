/** The evaluation protocol: train on each split, rank all items, score with the same metrics. */
package dev.tacit.core.eval;
