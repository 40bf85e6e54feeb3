/** Privacy budgets per purpose, enforced by an atomic, persistent ledger of spends. */
package dev.tacit.privacy.budget;
