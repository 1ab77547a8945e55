"""How long the course takes to start and to run, measured in one run (``make benchmarks``).

    python benchmarks/run.py                 # imports + every notebook
    python benchmarks/run.py --repeat 7      # more import repeats
    python benchmarks/run.py --no-notebooks  # imports only
    python benchmarks/run.py --lang pl 00_start_here

Prints
1. seconds for ``import mcourse`` and for ``import pandas`` alone, each in a fresh
   interpreter (median of several repeats), and their ratio: heavy libraries (statsmodels,
   seaborn, ipywidgets, scipy) must be imported by the lessons that use them, not by
   ``import mcourse``;
2. seconds to execute each notebook under ``notebooks/`` with papermill (a new kernel each,
   like a student's "Restart and run all"), next to an empty notebook (the kernel's own
   start-up), with each time as a ratio to ``import pandas`` measured in the same run.

Figures depend on the machine; compare ratios, which come from one run on one machine.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
HEAVY = ("statsmodels", "seaborn", "ipywidgets", "scipy")

_CHILD = """
import json, sys, time
start = time.perf_counter()
import {module}
seconds = time.perf_counter() - start
heavy = sorted({{m.split(".")[0] for m in sys.modules}} & set({heavy!r}))
print(json.dumps({{"seconds": seconds, "heavy": heavy}}))
"""


def time_import(module: str) -> dict:
    """Seconds to import ``module`` in a fresh interpreter, and heavy libraries it loaded."""
    code = _CHILD.format(module=module, heavy=HEAVY)
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out.splitlines()[-1])


def measure_imports(repeat: int) -> dict[str, dict]:
    """Median import time of mcourse and pandas; runs alternate so both see the same load."""
    modules = ("mcourse", "pandas")
    for module in modules:  # warm the file cache; not counted
        time_import(module)
    runs = {module: [] for module in modules}
    heavy: dict[str, list[str]] = {}
    for _ in range(repeat):
        for module in modules:
            result = time_import(module)
            runs[module].append(result["seconds"])
            heavy[module] = result["heavy"]
    return {module: {"median": statistics.median(times), "min": min(times),
                     "max": max(times), "heavy": heavy[module]}
            for module, times in runs.items()}


def _empty_notebook(folder: Path) -> Path:
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook

    nb = new_notebook(cells=[new_code_cell("pass")])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    path = folder / "empty.ipynb"
    nbformat.write(nb, path)
    return path


def time_notebook(path: Path, lang: str | None, folder: Path) -> float:
    """Seconds for papermill to execute the notebook top to bottom in a new kernel."""
    import papermill as pm

    parameters = {"LANG": lang} if lang else {}
    start = time.perf_counter()
    pm.execute_notebook(str(path), str(folder / f"out-{path.name}"), parameters=parameters,
                        cwd=str(path.parent), kernel_name="python3", progress_bar=False,
                        execution_timeout=600)
    return time.perf_counter() - start


def find_notebooks(names: list[str]) -> list[Path]:
    found = sorted(p for p in NOTEBOOKS.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
    if names:
        found = [p for p in found if any(name in str(p.relative_to(NOTEBOOKS)) for name in names)]
    return found


def _table(rows: list[tuple[str, ...]], header: tuple[str, ...], left=(0,)) -> str:
    """Plain-text table: columns in ``left`` flush left, the others (numbers) flush right."""
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(str(c).ljust(w) if i in left else str(c).rjust(w)
                       for i, (c, w) in enumerate(zip(row, widths, strict=True)))
             for row in [header, *rows]]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(line.rstrip() for line in lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*", help="only notebooks whose path contains these")
    parser.add_argument("--repeat", type=int, default=5, help="import repeats (default 5)")
    parser.add_argument("--lang", choices=("ar", "pl"), help="LANG for the notebooks "
                        "(default: each notebook's own parameter)")
    parser.add_argument("--no-notebooks", action="store_true", help="time the imports only")
    args = parser.parse_args(argv)
    os.environ.setdefault("MPLBACKEND", "Agg")  # kernels draw off-screen

    print(f"mcourse benchmarks: Python {sys.version.split()[0]}, {os.cpu_count()} CPU(s)\n")
    imports = measure_imports(args.repeat)
    pandas_s = imports["pandas"]["median"]
    rows = [(f"import {module}", f"{r['median']:.3f}", f"{r['min']:.3f}-{r['max']:.3f}",
             f"{r['median'] / pandas_s:.2f}", ", ".join(r["heavy"]) or "-")
            for module, r in imports.items()]
    print(f"Imports, fresh interpreter, median of {args.repeat}:")
    print(_table(rows, ("what", "seconds", "range", "x pandas", "heavy libraries loaded"),
                 left=(0, 4)))
    print(f"\nimport mcourse / import pandas = {imports['mcourse']['median'] / pandas_s:.2f}\n")

    if args.no_notebooks:
        return 0
    notebooks = find_notebooks(args.notebooks)
    if not notebooks:
        print(f"No notebooks found under {NOTEBOOKS}.")
        return 0
    with tempfile.TemporaryDirectory(prefix="mcourse-bench-") as tmp:
        folder = Path(tmp)
        rows = [("(empty notebook: kernel start)", time_notebook(_empty_notebook(folder), None,
                                                                  folder))]
        for path in notebooks:
            rows.append((str(path.relative_to(NOTEBOOKS)), time_notebook(path, args.lang,
                                                                          folder)))
    mcourse_s = imports["mcourse"]["median"]
    table = [(name, f"{seconds:.2f}", f"{seconds / pandas_s:.0f}", f"{seconds / mcourse_s:.0f}")
             for name, seconds in rows]
    lang = f"LANG={args.lang}" if args.lang else "each notebook's own LANG"
    print(f"Notebooks executed with papermill ({lang}), one run each:")
    print(_table(table, ("notebook", "seconds", "x import pandas", "x import mcourse")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
