"""How long lessons 01-03 and assignment A1 take to run, in Arabic and in Polish.

Run: ``python benchmarks/bench_lessons.py [--lang ar] [--cells 3] [NAME ...]``. Each
notebook is executed top to bottom with papermill in a new kernel (a student's "Restart
and run all"), next to an empty notebook (the kernel's own start-up); for each run the
slowest cells are listed from papermill's own timings. Prints wall-clock seconds measured
in one process, so ratios between lines are meaningful on the same machine; nothing is
asserted (the notebook tests check that the lessons run at all).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

from run import _empty_notebook as _empty  # benchmarks/run.py: the same empty notebook

ROOT = Path(__file__).resolve().parents[1]
LESSONS = ("01_consumer_behaviour.ipynb", "02_journey_and_funnel.ipynb",
           "03_channels_and_kpis.ipynb", "assignments/A1_behaviour_funnel_channels.ipynb")


def run(path: Path, lang: str | None, folder: Path) -> tuple[float, list[tuple[float, str]]]:
    """Seconds to execute ``path`` and its cells' ``(seconds, first line)``, slowest first."""
    import papermill as pm

    out = folder / f"out-{lang or 'x'}-{path.name}"
    start = time.perf_counter()
    pm.execute_notebook(str(path), str(out), parameters={"LANG": lang} if lang else {},
                        cwd=str(path.parent), kernel_name="python3", progress_bar=False,
                        execution_timeout=600)
    seconds = time.perf_counter() - start
    cells = []
    for cell in json.loads(out.read_text(encoding="utf-8"))["cells"]:
        duration = cell.get("metadata", {}).get("papermill", {}).get("duration")
        if cell["cell_type"] == "code" and duration is not None:
            source = "".join(cell["source"]).strip().splitlines() or [""]
            cells.append((float(duration), source[0][:60]))
    return seconds, sorted(cells, reverse=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="only notebooks whose path contains these")
    parser.add_argument("--lang", choices=("ar", "pl"), action="append",
                        help="language(s) to run (default: ar and pl)")
    parser.add_argument("--cells", type=int, default=3, help="slowest cells to list")
    args = parser.parse_args(argv)
    os.environ.setdefault("MPLBACKEND", "Agg")
    langs = args.lang or ["ar", "pl"]
    paths = [ROOT / "notebooks" / name for name in LESSONS
             if not args.names or any(n in name for n in args.names)]
    print(f"lessons 01-03 and A1: Python {sys.version.split()[0]}, {os.cpu_count()} CPU(s)")
    with tempfile.TemporaryDirectory(prefix="mcourse-lessons-") as tmp:
        folder = Path(tmp)
        base, _ = run(_empty(folder), None, folder)
        print(f"\n{'empty notebook (kernel start)':<48} {base:6.2f} s")
        for path in paths:
            for lang in langs:
                seconds, cells = run(path, lang, folder)
                name = f"{path.relative_to(ROOT / 'notebooks')} [{lang}]"
                print(f"{name:<48} {seconds:6.2f} s  ({seconds - base:5.2f} s after start-up)")
                for duration, first in cells[:args.cells]:
                    print(f"    {duration:6.2f} s  {first}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
