/** The SDK's HTTP transport on the JDK's {@code java.net.http.HttpClient}. */
package dev.tacit.client.jdk;
