/** Evaluation reports: the JSON shape shared by evaluate, simulate and the server, and tables. */
package dev.tacit.core.report;
