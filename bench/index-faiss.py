"""FAISS IndexBinaryFlat and IndexBinaryMultiHash on the hashes the similarity-index bench wrote.

Usage: python3 bench/index-faiss.py REFS.bin QUERIES.bin R [R ...]
Prints one JSON object: build seconds, bytes, and per radius queries/second and total results,
for one thread (the JavaScript index is single-threaded too).
"""
import json
import sys
import time

import faiss
import numpy as np

refs_path, queries_path, *radii = sys.argv[1:]
radii = [int(r) for r in radii]
faiss.omp_set_num_threads(1)
refs = np.fromfile(refs_path, dtype=np.uint8).reshape(-1, 32)
queries = np.fromfile(queries_path, dtype=np.uint8).reshape(-1, 32)
out = {"n": int(refs.shape[0]), "queries": int(queries.shape[0]), "flat": {}, "multihash": {}}


def run(index, name, queries, set_radius, budget_s=30.0):
    """Batches of 10 queries until all are done or the time budget is spent."""
    for r in radii:
        set_radius(r)
        done, results, t = 0, 0, time.perf_counter()
        while done < len(queries) and time.perf_counter() - t < budget_s:
            # FAISS binary range search keeps distances strictly below the radius, hence r + 1.
            lims, _, _ = index.range_search(queries[done : done + 10], r + 1)
            done, results = done + min(10, len(queries) - done), results + int(lims[-1])
        dt = time.perf_counter() - t
        out[name][str(r)] = {"qps": done / dt, "results": results, "queries": done}


t = time.perf_counter()
flat = faiss.IndexBinaryFlat(256)
flat.add(refs)
out["flat_build_s"] = time.perf_counter() - t
# FAISS answers 200 queries per radius (its multi-hash probing at r = 48 takes seconds a query at
# 1M); the bench compares its result counts with the index's on the same 200.
sample = queries[:200]
run(flat, "flat", sample, lambda r: None)

t = time.perf_counter()
mh = faiss.IndexBinaryMultiHash(256, 16, 16)
mh.add(refs)
out["multihash_build_s"] = time.perf_counter() - t


def set_nflip(r):
    # Pigeonhole: a hash within r has a 16-bit substring within floor(r / 16): exact.
    mh.nflip = r // 16


run(mh, "multihash", sample, set_nflip)
print(json.dumps(out))
