/**
 * The vector in Z_(2^32) or Z_(2^64) that clients mask their inputs in and the server sums and
 * unmasks in: internal to SecAgg+ (tacit-secagg and its server step, tacit-secagg-server), built on
 * its mask PRG and messages.
 */
package dev.tacit.secagg.internal.vector;
