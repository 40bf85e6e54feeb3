/** Secure aggregation (SecAgg+, Bell et al. 2020) as transport-agnostic state machines. */
package dev.tacit.secagg;
