"""`import mcourse` stays light: heavy libraries are imported where a lesson uses them.

Checked in a fresh interpreter, since this test process has imported much already.
(How long the imports take is measured by benchmarks/run.py, not asserted here.)
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import ROOT

HEAVY = ("statsmodels", "seaborn", "ipywidgets", "scipy")
EXPORT_TOOLS = ("nbconvert", "papermill", "latex2mathml", "nbclient")


def _modules_after(statement: str) -> set[str]:
    code = f"import json, sys\n{statement}\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True,
                         capture_output=True, text=True).stdout
    return {name.split(".")[0] for name in json.loads(out.splitlines()[-1])}


def test_the_check_sees_heavy_imports():
    assert "seaborn" in _modules_after("import seaborn")


@pytest.mark.parametrize("module", ["mcourse", "mcourse.export"])
def test_import_does_not_load_heavy_libraries(module):
    loaded = _modules_after(f"import {module}")
    assert module.split(".")[0] in loaded
    assert not loaded & set(HEAVY), sorted(loaded & set(HEAVY))


def test_export_module_loads_nbconvert_only_when_exporting():
    loaded = _modules_after("import mcourse.export")
    assert not loaded & set(EXPORT_TOOLS), sorted(loaded & set(EXPORT_TOOLS))


def test_messages_outside_a_notebook_do_not_import_ipython():
    """The display layer imports IPython only to display inside a running IPython: a
    script or the command line printing a message stays light."""
    loaded = _modules_after("import mcourse\nmcourse.say('check.ok')\nmcourse.show('x')")
    assert "mcourse" in loaded
    assert "IPython" not in loaded
    assert "IPython" not in _modules_after("import mcourse")
