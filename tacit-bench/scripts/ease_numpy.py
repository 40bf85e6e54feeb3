#!/usr/bin/env python3
"""Times numpy/OpenBLAS doing EASE's Gram-and-inverse, the reference for EaseBench.

The same synthetic shape as `dev.tacit.bench.EaseBench`: `users` users, each with about
`nnz / users` distinct items drawn uniformly at random from `items` (no data is downloaded).
The steps are those of Steck's reference implementation (Steck 2019, the EASE notebook):
G = XᵀX (scipy.sparse when available, as in that notebook, else dense numpy), G += λI,
P = inv(G), B = P / -diag(P), diag(B) = 0. Prints one line per size, in seconds: wall
time per step, and the CPU time of all of numpy's threads.

    python3 tacit-bench/scripts/ease_numpy.py 10000:610:100836 17632:1892:92834
"""
import sys
import time

import numpy as np

try:
    import scipy.sparse as sp
except ImportError:  # numpy alone: a dense Gram
    sp = None


def synthetic(items, users, nnz, seed=42):
    rng = np.random.default_rng(seed)
    per_user = max(1, nnz // users)
    rows = np.repeat(np.arange(users), per_user)
    cols = np.concatenate([rng.choice(items, per_user, replace=False) for _ in range(users)])
    return rows, cols


def ease(items, users, nnz, lam=500.0):
    rows, cols = synthetic(items, users, nnz)
    c0 = time.process_time()
    t0 = time.perf_counter()
    if sp is not None:
        x = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(users, items))
        g = (x.T @ x).toarray()
    else:
        x = np.zeros((users, items))
        x[rows, cols] = 1.0
        g = x.T @ x
    t1 = time.perf_counter()
    d = np.diag_indices(items)
    g[d] += lam
    p = np.linalg.inv(g)
    del g
    t2 = time.perf_counter()
    b = p / (-np.diag(p))
    b[d] = 0
    t3 = time.perf_counter()
    return t1 - t0, t2 - t1, t3 - t2, time.process_time() - c0, len(rows)


def main(args):
    sizes = args or ["10000:610:100836", "17632:1892:92834"]
    print(f"numpy {np.__version__}, gram by {'scipy.sparse' if sp else 'numpy dense'}")
    for spec in sizes:
        items, users, nnz = (int(v) for v in spec.split(":"))
        gram, inv, weights, cpu, n = ease(items, users, nnz)
        total = gram + inv + weights
        print(
            f"numpy items={items} users={users} nnz={n}: gram {gram:.2f} s, inverse {inv:.2f} s,"
            f" weights {weights:.2f} s, total {total:.2f} s, cpu {cpu:.2f} s"
        )


if __name__ == "__main__":
    main(sys.argv[1:])
