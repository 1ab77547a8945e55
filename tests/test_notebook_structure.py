"""The rules every course notebook follows (see DESIGN.md, Notebooks and Languages)."""

from __future__ import annotations

import re

import nbformat
import pytest
from conftest import NOTEBOOKS, ROOT

RTL_OPEN = '<div dir="rtl" lang="ar">'
PL_OPEN = '<div lang="pl">'
CHECK_MARK = "# NBVAL_CHECK_OUTPUT"


def _name(path):
    return str(path.relative_to(ROOT / "notebooks"))


def test_there_are_notebooks():
    assert any(p.name == "00_start_here.ipynb" for p in NOTEBOOKS)


@pytest.fixture(params=NOTEBOOKS, ids=_name)
def nb(request):
    return nbformat.read(request.param, as_version=4)


def test_python3_kernelspec(nb):
    assert nb.metadata["kernelspec"]["name"] == "python3"


def test_first_code_cell_is_parameters(nb):
    first = next(c for c in nb.cells if c.cell_type == "code")
    assert "parameters" in first.metadata.get("tags", [])
    names = set(re.findall(r"^(\w+)\s*=", first.source, flags=re.M))
    assert {"LANG", "SEED"} <= names


def test_every_markdown_cell_has_one_language(nb):
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "markdown":
            continue
        langs = [tag for tag in cell.metadata.get("tags", []) if tag.startswith("lang-")]
        assert langs in (["lang-ar"], ["lang-pl"]), f"cell {i}: {langs}"


def test_both_languages_same_number_of_prose_cells(nb):
    tags = [c.metadata.get("tags", []) for c in nb.cells if c.cell_type == "markdown"]
    n_ar = sum("lang-ar" in t for t in tags)
    n_pl = sum("lang-pl" in t for t in tags)
    assert n_ar == n_pl > 0


def test_arabic_cells_are_wrapped_rtl(nb):
    for i, cell in enumerate(nb.cells):
        if "lang-ar" in cell.metadata.get("tags", []):
            src = cell.source
            assert src.startswith(RTL_OPEN + "\n\n"), f"cell {i} lacks the rtl wrapper"
            assert src.rstrip().endswith("</div>"), f"cell {i} does not close the wrapper"
            assert re.search(r"[\u0600-\u06FF]", src), f"cell {i} has no Arabic text"


def test_polish_cells_are_wrapped(nb):
    """The course CSS hides a language by its wrapper (DESIGN.md, One language on screen):
    every Polish cell is one ``<div lang="pl">`` block; `python -m tools.wrap_polish`
    wraps the cells that lack it."""
    for i, cell in enumerate(nb.cells):
        if "lang-pl" in cell.metadata.get("tags", []):
            src = cell.source
            assert src.startswith(PL_OPEN + "\n\n"), f"cell {i} lacks the <div lang=\"pl\"> wrapper"
            assert src.rstrip().endswith("</div>"), f"cell {i} does not close the wrapper"


def test_prose_wrappers_hold_the_whole_cell(nb):
    """Nothing outside the wrapper: the CSS finds it as the rendered cell's only child."""
    for i, cell in enumerate(nb.cells):
        tags = cell.metadata.get("tags", [])
        if cell.cell_type != "markdown" or not {"lang-ar", "lang-pl"} & set(tags):
            continue
        src = cell.source.strip()
        opening = src.split("\n", 1)[0]
        assert opening in (RTL_OPEN, PL_OPEN), f"cell {i} starts with {opening!r}"
        depth = 0
        for match in re.finditer(r"<(/?)div\b[^>]*>", src):
            depth += -1 if match.group(1) else 1
            assert depth > 0 or match.end() == len(src), f"cell {i}: text after the wrapper"


def test_polish_cells_are_not_arabic(nb):
    for i, cell in enumerate(nb.cells):
        if "lang-pl" in cell.metadata.get("tags", []):
            assert not re.search(r"[\u0600-\u06FF]", cell.source), f"cell {i}"


def test_no_outputs_except_checked_cells(nb):
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        if CHECK_MARK in cell.source:
            continue
        assert not cell.outputs, f"cell {i} has committed outputs"
        assert cell.execution_count is None, f"cell {i} has an execution count"


def test_no_table_alignment_markers(nb):
    """`:---` markers override the rtl alignment of tables (DESIGN.md, Languages)."""
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown":
            assert not re.search(r"\|\s*:-+|-+:\s*\|", cell.source), f"cell {i}"
