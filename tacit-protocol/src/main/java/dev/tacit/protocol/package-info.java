/** Wire messages between a Tacit device and server: JSON records, binary tensor frames. */
package dev.tacit.protocol;
