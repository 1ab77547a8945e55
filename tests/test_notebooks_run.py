"""Every notebook runs top to bottom in Arabic and in Polish under papermill.

nbval (``--nbval-lax`` in the test command) runs each notebook once more with its
committed parameters and compares the cells marked ``# NBVAL_CHECK_OUTPUT``.
"""

from __future__ import annotations

import nbformat
import papermill as pm
import pytest
from conftest import NOTEBOOKS, ROOT


def _run(path, lang, tmp_path):
    out = tmp_path / f"{path.stem}.{lang}.ipynb"
    pm.execute_notebook(str(path), str(out), parameters={"LANG": lang}, cwd=str(path.parent),
                        kernel_name="python3", progress_bar=False, execution_timeout=300)
    return nbformat.read(out, as_version=4)


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["ar", "pl"])
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT / "notebooks")))
def test_notebook_runs_in_language(path, lang, tmp_path):
    nb = _run(path, lang, tmp_path)
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
              if o.get("output_type") == "error"]
    assert not errors, errors[0]
    text = "\n".join(str(o.get("text", "")) + str(o.get("data", {}).get("text/plain", ""))
                     for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []))
    has_arabic = any("\u0600" <= ch <= "\u06ff" for ch in text)
    if lang == "pl":
        assert not has_arabic, "Arabic text printed in the Polish run"
