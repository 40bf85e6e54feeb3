/** Per-purpose consent: grants and withdrawals with the policy version the user saw. */
package dev.tacit.client.consent;
