/** The server's database: devices, consent and privacy ledgers, deletions, audit log, models. */
package dev.tacit.server.store;
