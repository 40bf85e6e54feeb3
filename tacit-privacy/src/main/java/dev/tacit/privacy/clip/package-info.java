/** L2 clipping of update vectors, with fixed or adaptive clip norms. */
package dev.tacit.privacy.clip;
