/** The contract every SDK transport passes against a real server, bytes counted at a socket. */
package dev.tacit.client.contract;
