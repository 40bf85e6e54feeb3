/**
 * The server step of the private item co-occurrence model: the two noisy releases (the popularity
 * of every item, then the co-occurrence of the most popular ones), the closed-form EASE on the top
 * eigen-components of the released matrix, and the rounds that drive them.
 */
package dev.tacit.federated.server.cooccurrence;
