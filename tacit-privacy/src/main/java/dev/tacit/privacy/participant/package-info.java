/**
 * The privacy of one participant against a party that sees who took part (the server of a federated
 * run): the composition of the releases it was counted in, without amplification by sampling.
 */
package dev.tacit.privacy.participant;
