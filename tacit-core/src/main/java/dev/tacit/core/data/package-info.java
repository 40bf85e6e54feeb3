/** Interaction data in compact columnar form, ID mappings, item metadata and user attributes. */
package dev.tacit.core.data;
