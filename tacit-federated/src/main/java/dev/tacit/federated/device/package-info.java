/** The device side of a round: local user factor, gradient, clipping, noise and quantization. */
package dev.tacit.federated.device;
