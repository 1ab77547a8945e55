"""A million posts: naive vs memory-lean aggregation (lesson 07).

Run: ``python benchmarks/bench_social.py [rows]``. Writes ``rows`` (default 1,000,000)
synthetic posts to a temporary CSV, then totals likes, comments and shares by country and
content type twice — reading everything with default types, and reading only the needed
columns as categories and int32 in chunks (``mcourse.social.volume``) — and prints seconds,
peak traced memory and the ratios measured in this run. Nothing is asserted: figures
depend on the machine; both results are checked to be equal.
"""

from __future__ import annotations

import platform
import sys
import tempfile
from pathlib import Path

from mcourse.social import volume


def main(rows: int = 1_000_000) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = volume.write_large_csv(Path(folder) / "posts.csv", rows=rows, seed=0)
        size = path.stat().st_size / 2**20
        naive, naive_s, naive_mb = volume.measure(volume.naive_totals, path)
        lean, lean_s, lean_mb = volume.measure(volume.lean_totals, path)
    same = naive.astype("int64").equals(lean)
    print(f"python {platform.python_version()}, {rows:,} rows, CSV {size:.0f} MiB")
    print(f"naive: {naive_s:6.2f} s, peak {naive_mb:7.1f} MiB")
    print(f"lean:  {lean_s:6.2f} s, peak {lean_mb:7.1f} MiB")
    print(f"memory ratio naive/lean: {naive_mb / lean_mb:.1f}x; "
          f"time ratio naive/lean: {naive_s / lean_s:.2f}x; same totals: {same}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
