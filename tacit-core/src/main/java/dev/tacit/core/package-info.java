/** Tacit's recommendation core: data, readers, splits, recommenders and their evaluation. */
package dev.tacit.core;
