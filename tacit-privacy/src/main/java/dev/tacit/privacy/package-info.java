/** Differential privacy: secure noise, clipping, the RDP accountant, budgets and local DP. */
package dev.tacit.privacy;
