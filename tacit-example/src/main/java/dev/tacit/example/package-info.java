/** An app's integration of the Tacit SDK, from building the client to deleting its data. */
package dev.tacit.example;
