"""joblib.Memory counterpart of StoreBench.

  joblib_bench.py store DIR MB   compute + store a float64 array of MB megabytes in a Memory cache
                                 at DIR (then a second, timed store of the same array through
                                 joblib's own dump, the nearest equivalent of our second put)
  joblib_bench.py load DIR MB    in this fresh process, call the cached function once: a cache
                                 hit, so joblib checks the function, reads the metadata and
                                 unpickles the array from disk into a new numpy array
                                 (mmap_mode=None, joblib's default). Prints "seconds GB/s".
"""
import os, sys, time

import numpy as np
from joblib import Memory

mode, d, mb = sys.argv[1], sys.argv[2], int(sys.argv[3])
n = mb * 1_000_000 // 8
mem = Memory(d, verbose=0)  # mmap_mode=None: loads copy the data into a fresh array
computed = []


def make(n):
    computed.append(n)
    return np.arange(n, dtype=np.float64) * 1.000001


cached = mem.cache(make)

if mode == "store":
    a = cached(n)
    assert computed, "expected a miss on the first call"
    # Timed store: joblib writes results with numpy_pickle.dump; store the same array again
    # under a new cache entry (a different argument) so the write path is measured warm.
    from joblib import numpy_pickle
    path = os.path.join(d, "store-timing.pkl")
    t = time.perf_counter()
    numpy_pickle.dump(a, path)
    with open(path, "rb+") as f:
        os.fsync(f.fileno())  # our store fsyncs too
    s = time.perf_counter() - t
    os.remove(path)
    print(f"{s:.3f} {a.nbytes / 1e9 / s:.2f} joblib-store")
elif mode == "load":
    t = time.perf_counter()
    a = cached(n)
    s = time.perf_counter() - t
    assert not computed, "joblib recomputed instead of loading from its cache"
    assert isinstance(a, np.ndarray) and not isinstance(a, np.memmap) and a.nbytes == n * 8
    print(f"{s:.3f} {a.nbytes / 1e9 / s:.2f} joblib-load")
else:
    raise SystemExit("usage: joblib_bench.py store|load DIR MB")
