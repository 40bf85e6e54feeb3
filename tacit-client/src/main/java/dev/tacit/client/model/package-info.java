/** The public model and catalogue a device holds: files checked by size and CRC32C, and install. */
package dev.tacit.client.model;
