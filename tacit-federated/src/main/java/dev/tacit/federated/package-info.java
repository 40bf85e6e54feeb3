/**
 * Federated implicit matrix factorization (Ammad-ud-din et al. 2019): the model, the round plan,
 * and the parameters shared by the device step and the server step.
 */
package dev.tacit.federated;
