/** Recommenders (popularity, item-kNN, iALS, EASE) and top-K selection. */
package dev.tacit.core.model;
