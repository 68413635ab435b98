"""Independent reference values for DriftStatisticsTest (run with Debian's python3-scipy).

    /usr/bin/python3 models/src/test/resources/drift_reference.py

PSI is computed here with NumPy from the definition in PopulationStability's Javadoc (quantile
edges with NumPy's default linear interpolation, bins edge[i-1] < v <= edge[i], shares floored at
1e-4); KS with SciPy's ks_2samp(method="auto"). The printed numbers are copied into the test.
"""
import numpy as np
import scipy
from scipy.stats import ks_2samp

SMALL_REF = [round(x, 3) for x in np.random.default_rng(7).normal(0.0, 1.0, 40)]
SMALL_CUR = [round(x, 3) for x in np.random.default_rng(11).normal(0.5, 1.2, 50)]


def big(n, scale, shift):
    # the same doubles the Java test computes: ((i * 7919) % 10007) / 10007 * scale + shift
    return np.array([((i * 7919) % 10007) / 10007.0 * scale + shift for i in range(n)])


def psi(ref, cur, bins=10):
    ref = np.sort(np.asarray(ref, dtype=float))
    cur = np.asarray(cur, dtype=float)
    edges = []
    for i in range(1, bins):
        q = np.quantile(ref, i / bins)
        if not edges or q > edges[-1]:
            edges.append(q)
    r = np.bincount(np.searchsorted(edges, ref, side="left"), minlength=len(edges) + 1) / len(ref)
    c = np.bincount(np.searchsorted(edges, cur, side="left"), minlength=len(edges) + 1) / len(cur)
    r = np.maximum(r, 1e-4)
    c = np.maximum(c, 1e-4)
    return float(np.sum((c - r) * np.log(c / r)))


def psi_cat(ref, cur):
    cats = sorted(set(ref) | set(cur))
    total = 0.0
    for k in cats:
        r = max(ref.count(k) / len(ref), 1e-4)
        c = max(cur.count(k) / len(cur), 1e-4)
        total += (c - r) * np.log(c / r)
    return total


print("scipy", scipy.__version__, "numpy", np.__version__)
print("SMALL_REF =", SMALL_REF)
print("SMALL_CUR =", SMALL_CUR)
print("small psi", repr(psi(SMALL_REF, SMALL_CUR)))
print("small psi bins=4", repr(psi(SMALL_REF, SMALL_CUR, 4)))
r = ks_2samp(SMALL_REF, SMALL_CUR, method="auto")
print("small ks", repr(float(r.statistic)), repr(float(r.pvalue)))
a, b = big(3000, 1.0, 0.0), big(2500, 1.0, 0.03)
print("mid psi", repr(psi(a, b)))
r = ks_2samp(a, b, method="auto")
print("mid ks", repr(float(r.statistic)), repr(float(r.pvalue)))
a, b = big(20000, 1.0, 0.0), big(15000, 1.1, 0.0)
print("big psi", repr(psi(a, b)))
r = ks_2samp(a, b, method="auto")
print("big ks", repr(float(r.statistic)), repr(float(r.pvalue)))
ref = ["wifi"] * 60 + ["4g"] * 30 + ["5g"] * 10
cur = ["wifi"] * 40 + ["4g"] * 35 + ["5g"] * 20 + ["3g"] * 5
print("cat psi", repr(psi_cat(ref, cur)))
