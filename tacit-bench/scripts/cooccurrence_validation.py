"""Validation harness for the co-occurrence model's shape (no test set is read).

Carves a validation split from each MovieLens 100K fold's training set (20% of each user's
training items, split seeds 1000·fold + 0 and + 1), builds the model the way `CooccurrenceServer` does (clipped
popularity and co-occurrence releases, their noise added as Gaussian noise of each release's
deviation instead of running the simulator, the head, rank and lambda rules) and scores the
variants given as JSON against the rule, paired on the same noise draws.

  python3 tacit-bench/scripts/cooccurrence_validation.py DATA_DIR EPS VARIANTS [SEEDS [FOLDS [SPLITS]]]
  e.g. ... ../shared/datasets/ml-100k 8 '{"rule":{}, "no-zero-diag":{"ease_diag":false}}' 2 12345 01

Variant keys: share, tau, lamf (lambda as a multiple of the edge), debias, optshrink, restore
(add back a*(G_ii - (G_r)_ii)), dlae (lambda_i += p/(1-p) G_ii), ease_diag=false (B = I - P D),
hpow (columns divided by (lambda P_jj)^h), sparse/soft/sdiag (thresholded residual), beta
(standardized log noisy popularity), gamma (scores times popularity^gamma), rho (weight of the
diagonal in the released triangle, rescaled by the server).
"""
import json
import sys

import numpy as np

DATA = None  # set from argv
NU, NI = 943, 1682
KAPPA = 0.2
# The RDP noise multiplier z of both releases together at delta = 1e-5 (the accountant's).
ZS = {4: 1.158, 8: 0.638, 16: 0.362}


def load(fold):
    a = np.loadtxt(f'{DATA}/u{fold}.base', dtype=np.int64)
    return a[:, 0] - 1, a[:, 1] - 1


def split(users, items, seed, frac=0.2):
    rng = np.random.default_rng(seed)
    tr = np.zeros((NU, NI), bool)
    va = np.zeros((NU, NI), bool)
    order = np.argsort(users, kind='stable')
    u, i = users[order], items[order]
    starts = np.searchsorted(u, np.arange(NU + 1))
    for x in range(NU):
        its = i[starts[x]:starts[x + 1]]
        if len(its) == 0:
            continue
        its = rng.permutation(its)
        k = int(round(frac * len(its)))
        va[x, its[:k]] = True
        tr[x, its[k:]] = True
    return tr, va


def ndcg10(scores, tr, va):
    s = scores.copy()
    s[tr] = -np.inf
    top = np.argpartition(-s, 10, axis=1)[:, :10]
    ts = np.take_along_axis(s, top, 1)
    o = np.argsort(-ts, axis=1)
    top = np.take_along_axis(top, o, 1)
    hits = np.take_along_axis(va, top, 1)
    disc = 1 / np.log2(np.arange(2, 12))
    dcg = (hits * disc).sum(1)
    nrel = va.sum(1)
    idcg = np.array([disc[:min(n, 10)].sum() for n in nrel])
    m = nrel > 0
    return float((dcg[m] / idcg[m]).mean())


def model_scores(tr, eps, rng, var):
    z = ZS[eps]
    s = var.get('share', 0.05)
    z1, z2 = z / np.sqrt(s), z / np.sqrt(1 - s)
    inflate = 1 / np.sqrt(1 - KAPPA)
    X = tr.astype(np.float64)
    n = X.sum(1)
    pop = (X / np.sqrt(np.maximum(n, 1))[:, None]).sum(0) + rng.normal(0, z1 * inflate, NI)
    tau = var.get('tau', 10)
    N = int(((pop >= tau * z2) & (pop > 0)).sum())
    N = max(2, min(1000, N))
    head = np.argsort(-pop, kind='stable')[:N]
    Xh = X[:, head]
    nh = Xh.sum(1)
    rho = var.get('rho', 1.0)
    c = np.where(nh > 0, 1 / np.sqrt(np.maximum(nh * (nh - 1) / 2 + rho * rho * nh, 1e-12)), 0)
    G = (Xh * c[:, None]).T @ Xh
    sigma = z2 * inflate
    E = rng.normal(0, sigma, (N, N))
    E = np.triu(E)
    E = E + np.triu(E, 1).T
    E[np.diag_indices(N)] /= rho
    G = G + E
    edge = 2 * sigma * np.sqrt(N)
    lam = max(edge * var.get('lamf', 1.0), 10)
    w, V = np.linalg.eigh(G)
    w, V = w[::-1], V[:, ::-1]
    r = int((w > edge).sum())
    w, V = w[:r], V[:, :r]
    if var.get('debias'):
        R = edge
        w = (w + np.sqrt(np.maximum(w * w - R * R, 0))) / 2
    Gr = (V * w) @ V.T
    gd = np.diag(G)
    grd = np.diag(Gr)
    D = np.full(N, lam)
    # diagonal variants
    a = var.get('restore', 0.0)  # add back a*(G_ii - Gr_ii)
    D = D + a * np.maximum(gd - grd, 0)
    p = var.get('dlae', 0.0)
    if p > 0:
        D = D + p / (1 - p) * np.maximum(gd, 0)
    M = Gr.copy()
    t = var.get('sparse', 0)
    if t:
        Rm = G - Gr
        if not var.get('sdiag', False):
            np.fill_diagonal(Rm, 0)
        if var.get('soft'):
            Sm = np.sign(Rm) * np.maximum(np.abs(Rm) - t * sigma, 0)
        else:
            Sm = np.where(np.abs(Rm) > t * sigma, Rm, 0)
        M = M + Sm
    if var.get('optshrink'):
        R = edge
        th = (w + np.sqrt(np.maximum(w * w - R * R, 0))) / 2
        w2 = th - R * R / (4 * th)
        M = (V * w2) @ V.T
    P = np.linalg.inv(M + np.diag(D))
    B = -P / np.diag(P)[None, :]
    np.fill_diagonal(B, 0)
    hp = var.get('hpow')
    if hp is not None:
        h = 1 - np.diag(P) * D  # leverage-like: 1 - lambda P_jj
        B = (np.eye(N) - P * D[None, :]) / np.maximum(1 - h, 1e-9)[None, :] ** hp
        np.fill_diagonal(B, 0)
    if var.get('ease_diag', True) is False:
        B = np.eye(N) - P * D[None, :]  # DLAE (no zero-diag constraint): B = I - P D
        np.fill_diagonal(B, 0)
    sh = Xh @ B
    beta = var.get('beta', 0.0)
    if beta:
        lp = np.log(np.maximum(pop[head], 1e-3))
        lp = (lp - lp.mean()) / lp.std()
        # scale relative to score spread per user
        sd = sh.std(1, keepdims=True) + 1e-12
        sh = sh + beta * sd * lp[None, :]
    gam = var.get('gamma', 0.0)
    if gam:
        sh = sh * np.maximum(pop[head], 1e-3)[None, :] ** gam
    scores = np.empty((NU, NI))
    # tail below head, by popularity
    tail = np.setdiff1d(np.arange(NI), head)
    tp = pop[tail]
    rk = np.argsort(np.argsort(-tp))
    scores[:, tail] = -1e9 - rk[None, :]
    mn = sh.min(1, keepdims=True)
    scores[:, head] = sh - mn + 1
    return scores, dict(N=N, r=r, lam=lam)


def main():
    global DATA
    DATA = sys.argv[1]
    eps = int(sys.argv[2])
    variants = json.loads(sys.argv[3])
    seeds = int(sys.argv[4]) if len(sys.argv) > 4 else 2
    folds = [int(x) for x in (sys.argv[5] if len(sys.argv) > 5 else '12345')]
    splits = [int(x) for x in (sys.argv[6] if len(sys.argv) > 6 else '01')]
    res = {k: [] for k in variants}
    for f in folds:
        u, i = load(f)
        for sp in splits:
            tr, va = split(u, i, 1000 * f + sp)
            for ns in range(seeds):
                for name, var in variants.items():
                    rng = np.random.default_rng(77 + 31 * ns + 1000 * f + 7 * sp)
                    sc, info = model_scores(tr, eps, rng, var)
                    res[name].append(ndcg10(sc, tr, va))
        print('fold', f, {k: round(np.mean(v), 4) for k, v in res.items()}, info, flush=True)
    base = np.array(res[list(variants)[0]])
    for k, v in res.items():
        v = np.array(v)
        d = v - base
        print(f'{k:30s} {v.mean():.4f}  diff {d.mean():+.4f} ± {d.std(ddof=1)/np.sqrt(len(d)):.4f}  wins {np.sum(d>0)}/{len(d)}')


if __name__ == '__main__':
    main()
