/**
 * The operator's audited controls: raise a privacy budget, pause and resume the rounds, each with a
 * reason written to the audit log in the same transaction as the change.
 */
package dev.tacit.server.operator;
