/**
 * The model card: a Markdown and a self-contained HTML account of the latest model version, its
 * data scope, training, privacy guarantee, quality, fairness audit and known limitations.
 */
package dev.tacit.cli.card;
