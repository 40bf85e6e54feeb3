/**
 * Tacit's private computations over an operator's interaction logs on Apache Spark: the private
 * co-occurrence model with every user's contribution computed by the device code in the executors,
 * private analytics and the population planner.
 */
package dev.tacit.spark;
