/**
 * The device's side of the private co-occurrence model: its contributions to the two releases, and
 * recommendations and exact explanations from the published model and the user's own history.
 */
package dev.tacit.client.cooccurrence;
