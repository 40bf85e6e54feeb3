/**
 * Federated training simulated in one process: every user of a dataset is a device, rounds run with
 * real or summed secure aggregation, and the results are compared with central training.
 */
package dev.tacit.sim;
