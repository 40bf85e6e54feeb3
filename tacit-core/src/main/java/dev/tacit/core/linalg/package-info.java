/** Small dense linear algebra on flat row-major arrays: Cholesky, conjugate gradient, kernels. */
package dev.tacit.core.linalg;
