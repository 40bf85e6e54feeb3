/** The Tacit client SDK: one entry point, {@link dev.tacit.client.TacitClient}, for the app. */
package dev.tacit.client;
