/**
 * Sources of random bits for the mechanisms: a fast cryptographically secure stream and a seeded
 * fake for tests.
 */
package dev.tacit.privacy.random;
