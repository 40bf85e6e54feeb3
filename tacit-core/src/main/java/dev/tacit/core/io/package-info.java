/**
 * Readers of interaction datasets (MovieLens and generic delimited files) with line-exact errors.
 */
package dev.tacit.core.io;
