/** L2 clipping of update vectors, with a fixed clip norm. */
package dev.tacit.privacy.clip;
