/**
 * How the commands and the model card write numbers and counts in their sentences ({@link
 * dev.tacit.cli.text.Wording}): shared by the command package and {@code cli.card}, so neither
 * reads the other for it.
 */
package dev.tacit.cli.text;
