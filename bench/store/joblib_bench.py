"""Times joblib.Memory loading a cached float64 array of N MB (second call hits the cache)."""
import sys, time, tempfile, shutil
import numpy as np
from joblib import Memory

mb = int(sys.argv[1])
d = tempfile.mkdtemp(prefix="joblib-bench-")
try:
    mem = Memory(d, verbose=0)

    @mem.cache
    def make(n):
        return np.arange(n, dtype=np.float64) * 1.000001

    n = mb * 1_000_000 // 8
    make(n)                      # compute + store
    make(n)                      # warm the page cache
    t = time.perf_counter()
    a = make(n)
    s = time.perf_counter() - t
    print(f"{s:.3f} {a.nbytes / 1e9 / s:.2f} joblib")
finally:
    shutil.rmtree(d)
