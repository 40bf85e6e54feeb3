/**
 * The private item co-occurrence model, as a device holds and scores it: its settings, the head of
 * popular items, the model that a closed-form EASE on the released co-occurrence gives, its wire
 * frame, and the device's contributions to the two releases, scored on the device from the user's
 * own full history. The server's releases are {@code dev.tacit.federated.server.cooccurrence} in
 * tacit-federated-server.
 */
package dev.tacit.federated.cooccurrence;
