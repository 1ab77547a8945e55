"""Write course notebooks from Python: every prose idea as an Arabic and a Polish cell.

Maintainers' tool (not used by students). A lesson script builds a list of cells and
calls ``write``; the committed ``.ipynb`` is then the lesson's source of truth.

    from tools.nbauthor import prose, code, parameters, write
    cells = [parameters(LANG="ar", SEED=1), prose(ar="...", pl="..."), code("x = 1")]
    write("notebooks/00_start_here.ipynb", cells)

``prose`` returns two cells: Arabic wrapped in ``<div dir="rtl" lang="ar">`` plus a blank
line (JupyterLab only renders the Markdown inside with it), then Polish wrapped in
``<div lang="pl">`` the same way. The wrappers are what the course CSS keys on to show
one language only, once ``mcourse.start(LANG, SEED)`` has run (DESIGN.md, One language
on screen). Write numbers in prose the language's way: Polish ``0,055`` (LaTeX
``0{,}055``), Arabic as ar_DZ (``0,055``; ``1.234,5``).
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

RTL_OPEN = '<div dir="rtl" lang="ar">'
PL_OPEN = '<div lang="pl">'
CLOSE = "</div>"


def wrap(text: str, opening: str) -> str:
    """``text`` inside ``opening`` ... ``</div>``, with the blank lines Markdown needs."""
    return f"{opening}\n\n{_clean(text)}\n\n{CLOSE}"


def _clean(text: str) -> str:
    return textwrap.dedent(text).strip("\n")


def prose(ar: str, pl: str) -> list:
    """One idea in both languages: an Arabic (rtl) cell and a Polish cell, each wrapped."""
    return [
        new_markdown_cell(wrap(ar, RTL_OPEN), metadata={"tags": ["lang-ar"]}),
        new_markdown_cell(wrap(pl, PL_OPEN), metadata={"tags": ["lang-pl"]}),
    ]


def code(source: str, *tags: str) -> list:
    """A code cell (optionally tagged)."""
    metadata = {"tags": list(tags)} if tags else {}
    return [new_code_cell(_clean(source), metadata=metadata)]


def parameters(**values) -> list:
    """The first code cell, tagged ``parameters`` for papermill: ``LANG``, ``SEED``, ..."""
    lines = [f"{name} = {value!r}" for name, value in values.items()]
    return code("\n".join(lines), "parameters")


def write(path: str | Path, *groups: list, title: str = "") -> Path:
    """Save the cells as a python3 notebook without outputs."""
    cells = [cell for group in groups for cell in group]
    nb = new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    if title:
        nb.metadata["title"] = title
    nbformat.validate(nb)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path
