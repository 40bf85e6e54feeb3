/**
 * The operator dashboard ({@code /admin}, {@code /v1/admin/dashboard}) with its fairness audit of a
 * loaded simulation report, and the user's privacy center ({@code /privacy}).
 */
package dev.tacit.server.dashboard;
