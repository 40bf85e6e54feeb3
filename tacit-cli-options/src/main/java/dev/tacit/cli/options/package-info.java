/** The command-line options the tacit CLI and the Spark job share (picocli mixins). */
package dev.tacit.cli.options;
