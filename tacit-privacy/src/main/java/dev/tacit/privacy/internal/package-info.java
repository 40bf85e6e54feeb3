/** Helpers shared by the privacy packages that are not part of the API. */
package dev.tacit.privacy.internal;
