"""A million posts: the same aggregation done naively and the memory-lean way.

Naive: read the whole file with default types (every text column a Python string
object), then group. Lean: read only the needed columns, as ``category`` (each distinct
text stored once, rows hold small integer codes) and small integer types, in chunks
whose partial sums are added up, so memory stays bounded by the chunk size.
:func:`measure` runs one way and reports seconds and peak memory (``tracemalloc``).
"""

from __future__ import annotations

import time
import tracemalloc
from pathlib import Path

import numpy as np
import pandas as pd

from .simulate import ACCOUNTS, CONTENT_TYPES, PLATFORMS

COLUMNS = ["country", "account", "platform", "content_type", "likes", "comments", "shares"]
LEAN_TYPES = {"country": "category", "account": "category", "platform": "category",
              "content_type": "category", "likes": "int32", "comments": "int32",
              "shares": "int32"}
KEYS = ["country", "content_type"]


def write_large_csv(path, rows: int = 1_000_000, seed: int = 0) -> Path:
    """Write ``rows`` synthetic posts (plus a long free-text column nobody needs here)."""
    rng = np.random.default_rng(seed)
    accounts = [(c, a) for c, items in ACCOUNTS.items() for _, a, _ in items]
    pick = rng.integers(0, len(accounts), rows)
    likes = rng.negative_binomial(2, 0.01, rows)
    frame = pd.DataFrame({
        "post_id": np.arange(rows), "country": [accounts[i][0] for i in pick],
        "account": [accounts[i][1] for i in pick],
        "platform": rng.choice(PLATFORMS, rows), "content_type": rng.choice(CONTENT_TYPES, rows),
        "likes": likes, "comments": rng.poisson(likes * 0.04), "shares": rng.poisson(likes * 0.02),
        "caption": "post text " * 4})
    path = Path(path)
    frame.to_csv(path, index=False)
    return path


def naive_totals(path) -> pd.DataFrame:
    """Totals of likes, comments and shares by country and content type: read all, group."""
    return pd.read_csv(path).groupby(KEYS)[["likes", "comments", "shares"]].sum()


def lean_totals(path, chunksize: int = 200_000) -> pd.DataFrame:
    """The same totals, reading only the needed columns with compact types, in chunks."""
    parts = [chunk.groupby(KEYS, observed=True)[["likes", "comments", "shares"]].sum()
             for chunk in pd.read_csv(path, usecols=COLUMNS, dtype=LEAN_TYPES,
                                      chunksize=chunksize)]
    total = pd.concat(parts).groupby(level=[0, 1], observed=True).sum()
    total.index = total.index.set_levels([lvl.astype(str) for lvl in total.index.levels])
    return total.astype("int64").sort_index()


def measure(function, *args) -> tuple[pd.DataFrame, float, float]:
    """``(result, seconds, peak MiB)`` of ``function(*args)``; memory by ``tracemalloc``
    (allocations made through Python and NumPy/pandas while it runs)."""
    tracemalloc.start()
    begin = time.perf_counter()
    try:
        result = function(*args)
        seconds = time.perf_counter() - begin
        peak = tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()
    return result, seconds, peak
