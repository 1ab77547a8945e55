"""Wrap the Polish prose cells of course notebooks in ``<div lang="pl">`` (idempotent).

The course CSS shows one language by hiding the other language's wrapped cells (DESIGN.md,
One language on screen); Arabic cells already carry ``<div dir="rtl" lang="ar">``. This
maintainers' tool gives every ``lang-pl`` Markdown cell its wrapper, with the blank lines
JupyterLab needs to render the Markdown inside, and leaves cells that have it alone::

    python -m tools.wrap_polish                   # every notebook under notebooks/
    python -m tools.wrap_polish notebooks/04_*.ipynb
    python -m tools.wrap_polish --check           # list what would change; exit 1 if any

Only the cells' source changes (ids, metadata and outputs are kept); a notebook with
nothing to wrap is not rewritten.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import nbformat

from tools.nbauthor import CLOSE, PL_OPEN

ROOT = Path(__file__).resolve().parents[1]


def is_wrapped(source: str) -> bool:
    """Whether a Polish cell already starts with its wrapper and closes it."""
    text = source.strip()
    return text.startswith(PL_OPEN) and text.endswith(CLOSE)


def wrap_notebook(path: Path, *, write: bool = True) -> list[int]:
    """Wrap the unwrapped Polish cells of ``path``; returns their indices."""
    nb = nbformat.read(path, as_version=4)
    changed = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "markdown" or "lang-pl" not in cell.metadata.get("tags", []):
            continue
        if is_wrapped(cell.source):
            continue
        if cell.source.lstrip().startswith(PL_OPEN):
            raise ValueError(f"{path} cell {i}: a <div lang=\"pl\"> that is not closed at "
                             "the end of the cell; fix it by hand")
        # the text itself is kept as it is (no dedent: indentation can be Markdown)
        cell.source = f"{PL_OPEN}\n\n{cell.source.strip(chr(10)).rstrip()}\n\n{CLOSE}"
        changed.append(i)
    if changed and write:
        nbformat.validate(nb)
        nbformat.write(nb, path)
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*", type=Path,
                        help="notebooks to wrap (default: every notebook under notebooks/)")
    parser.add_argument("--check", action="store_true",
                        help="only list the cells that lack the wrapper; exit 1 if any")
    args = parser.parse_args(argv)
    paths = args.notebooks or sorted(p for p in (ROOT / "notebooks").rglob("*.ipynb")
                                     if ".ipynb_checkpoints" not in p.parts)
    pending = 0
    for path in paths:
        cells = wrap_notebook(path, write=not args.check)
        pending += len(cells)
        if cells:
            verb = "needs wrapping" if args.check else "wrapped"
            print(f"{path}: {verb}: cells {', '.join(map(str, cells))}")
    return 1 if args.check and pending else 0


if __name__ == "__main__":
    sys.exit(main())
