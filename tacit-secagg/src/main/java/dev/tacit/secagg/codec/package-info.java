/** Fixed-point encoding of real vectors into Z_(2^32) or Z_(2^64) with headroom for the sum. */
package dev.tacit.secagg.codec;
