/**
 * Helpers shared by the secure-aggregation packages, the server step's (tacit-secagg-server)
 * included; not part of the API.
 */
package dev.tacit.secagg.internal;
