/**
 * The argument and state checks shared by every Tacit module, so that each failure names the value
 * and the rule the same way everywhere ({@code "epsilon must be > 0 and finite, was -1.0"}).
 */
package dev.tacit.check;
