/**
 * Small dense linear algebra on flat row-major arrays: Cholesky, conjugate gradient, the symmetric
 * eigendecomposition, kernels.
 */
package dev.tacit.core.linalg;
