"""Every notebook runs top to bottom in Arabic and in Polish under papermill.

nbval (``--nbval-lax`` in the test command) runs each notebook once more with its
committed parameters and compares the cells marked ``# NBVAL_CHECK_OUTPUT``.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import nbformat
import papermill as pm
import pytest
from conftest import NOTEBOOKS, ROOT

LATIN_WORD = re.compile(r"\b[A-Za-z]*[a-z][A-Za-z]{2,}\b")
"""A Latin word of 4+ letters with a lower-case letter: English or Polish, not an acronym."""


def _run(path, lang, tmp_path, monkeypatch):
    """Execute a notebook in ``lang``; return it and the texts of every figure it drew."""
    out = tmp_path / f"{path.stem}.{lang}.ipynb"
    texts = tmp_path / "figures.jsonl"
    monkeypatch.setenv("MPLBACKEND", "module://figure_recorder")
    monkeypatch.setenv("FIGURE_TEXTS_FILE", str(texts))
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(
        [str(Path(__file__).parent), os.environ.get("PYTHONPATH", "")]))
    pm.execute_notebook(str(path), str(out), parameters={"LANG": lang}, cwd=str(path.parent),
                        kernel_name="python3", progress_bar=False, execution_timeout=300)
    figures = ([json.loads(line) for line in texts.read_text(encoding="utf-8").splitlines()]
               if texts.exists() else [])
    return nbformat.read(out, as_version=4), figures


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["ar", "pl"])
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT / "notebooks")))
def test_notebook_runs_in_language(path, lang, tmp_path, monkeypatch):
    nb, figures = _run(path, lang, tmp_path, monkeypatch)
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
              if o.get("output_type") == "error"]
    assert not errors, errors[0]
    text = "\n".join(str(o.get("text", "")) + str(o.get("data", {}).get("text/plain", ""))
                     for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []))
    has_arabic = any("\u0600" <= ch <= "\u06ff" for ch in text)
    if lang == "pl":
        assert not has_arabic, "Arabic text printed in the Polish run"
    for number, figure in enumerate(figures, start=1):
        assert figure["suptitle"] or figure["titles"], f"figure {number} has no title"
        for text in [figure["suptitle"], *figure["titles"], *figure["labels"], *figure["legend"]]:
            arabic = any("\u0600" <= ch <= "\u06ff" for ch in text)
            if lang == "pl":
                assert not arabic, f"figure {number}: Arabic text {text!r} in the Polish run"
            elif not arabic:
                assert not LATIN_WORD.search(text), f"figure {number}: {text!r} is not Arabic"
