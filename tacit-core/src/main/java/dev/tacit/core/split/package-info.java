/** Train/test splits: given folds, per-user random holdout, per-user temporal leave-last-k. */
package dev.tacit.core.split;
