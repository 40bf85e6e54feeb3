/** Implementation details of the client, not API: catalogue index, re-ranking, stored state. */
package dev.tacit.client.internal;
