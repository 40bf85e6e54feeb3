/**
 * The HTTP transport the SDK talks through, one small interface so an app picks its HTTP client
 * ({@code tacit-client-jdk} or {@code tacit-client-okhttp}); each counts the bytes on its socket.
 */
package dev.tacit.client.transport;
