/** The SDK's HTTP transport on OkHttp, counting the bytes at its sockets. */
package dev.tacit.client.okhttp;
