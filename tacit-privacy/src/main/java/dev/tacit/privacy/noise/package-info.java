/** Additive noise mechanisms on doubles and integers, sampled securely, and their calibration. */
package dev.tacit.privacy.noise;
