/**
 * Shamir t-of-k secret sharing (Shamir 1979) of byte strings over the field of the prime 2^61 - 1.
 */
package dev.tacit.secagg.shamir;
