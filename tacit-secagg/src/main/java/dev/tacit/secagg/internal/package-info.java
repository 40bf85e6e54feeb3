/** Helpers shared by the secure-aggregation packages; not part of the API. */
package dev.tacit.secagg.internal;
