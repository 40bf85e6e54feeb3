/** Rényi differential privacy accounting: composition of mechanisms and conversion to (ε, δ). */
package dev.tacit.privacy.accounting;
