/** The immutable, transport-agnostic messages exchanged by SecAgg clients and the server. */
package dev.tacit.secagg.message;
