/** Helpers shared inside {@code tacit-core}; not part of the API. */
package dev.tacit.core.internal;
