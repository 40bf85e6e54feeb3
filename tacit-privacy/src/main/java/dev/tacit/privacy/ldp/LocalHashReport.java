package dev.tacit.privacy.ldp;

/**
 * A report of optimized local hashing: the client's hash function, by seed, and its randomized
 * bucket.
 *
 * @param seed selects the hash function
 * @param bucket the randomized bucket in {@code [0, g)}
 */
public record LocalHashReport(long seed, int bucket) {}
