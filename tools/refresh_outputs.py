"""Run course notebooks and keep only the outputs nbval checks.

    python tools/refresh_outputs.py notebooks/00_start_here.ipynb [...]

Every code cell loses its outputs except those containing ``# NBVAL_CHECK_OUTPUT``, whose
fresh outputs are kept so that nbval (``--nbval-lax``) compares them on every test run.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

CHECK_MARK = "# NBVAL_CHECK_OUTPUT"


def refresh(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    executed = nbformat.read(path, as_version=4)
    NotebookClient(executed, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    for cell, ran in zip(nb.cells, executed.cells, strict=True):
        if cell.cell_type != "code":
            continue
        keep = CHECK_MARK in cell.source
        cell.outputs = ran.outputs if keep else []
        cell.execution_count = 1 if keep else None  # nbval skips checked cells never run
        for output in cell.outputs:
            if "execution_count" in output:
                output["execution_count"] = 1
    nbformat.write(nb, path)


if __name__ == "__main__":
    for name in sys.argv[1:]:
        refresh(Path(name))
        print(f"refreshed {name}")
