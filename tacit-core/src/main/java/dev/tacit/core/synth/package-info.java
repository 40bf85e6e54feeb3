/** Synthetic interaction datasets from a latent-factor model, seeded and reproducible. */
package dev.tacit.core.synth;
