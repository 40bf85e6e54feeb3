/**
 * The private item co-occurrence model: two noisy releases (the popularity of every item, then the
 * co-occurrence of the most popular ones) and a closed-form EASE on the top eigen-components of the
 * released matrix, scored on the device from the user's own full history.
 */
package dev.tacit.federated.cooccurrence;
