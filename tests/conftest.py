"""Shared test set-up: a headless plot backend, English messages, figures closed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("MPLBACKEND", "Agg")

ROOT = Path(__file__).resolve().parents[1]

# Notebooks under tests/ are fixtures (e.g. submissions the grader must survive), never
# something for nbval to run: nbval runs the course notebooks in notebooks/ only.
collect_ignore_glob = ["*.ipynb", "**/*.ipynb"]
NOTEBOOKS = sorted(p for p in (ROOT / "notebooks").rglob("*.ipynb")
                   if ".ipynb_checkpoints" not in p.parts)


@pytest.fixture(autouse=True)
def _english_and_closed_figures():
    """Each test starts in English and leaves no open figure behind."""
    import matplotlib.pyplot as plt

    from mcourse import set_lang

    set_lang("en")
    yield
    set_lang("en")
    plt.close("all")


def load_catalogue_from(files: dict[str, str], tmp_path, monkeypatch):
    """The message catalogue built from ``files`` (name -> TOML text) instead of the
    package's own: how the tests check what the catalogue loader accepts and refuses."""
    from mcourse import i18n

    folder = tmp_path / "messages"
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")

    class FakeFiles:
        def __truediv__(self, name):
            return folder

    monkeypatch.setattr(i18n.resources, "files", lambda package: FakeFiles())
    i18n.catalogue.cache_clear()
    try:
        return i18n.catalogue()
    finally:
        monkeypatch.undo()
        i18n.catalogue.cache_clear()


@pytest.fixture
def orders():
    """Five orders of three customers, small enough to check CLV and CRM results by hand."""
    import pandas as pd

    return pd.DataFrame({
        "customer_id": ["A", "A", "B", "C", "C"],
        "date": pd.to_datetime(["2024-01-05", "2024-02-10", "2024-01-20", "2024-02-03",
                                "2024-03-01"]),
        "amount": [100.0, 50.0, 80.0, 30.0, 20.0],
    })


# --- browser tests (tests/browser, `make test-browser`) ---------------------------------
# Their fixtures live here, not in tests/browser/conftest.py: a second module named
# "conftest" would shadow this one for the `from conftest import ROOT` of the other tests.

def _labtools():
    """The browser tests' helper module (imported only when a browser test runs)."""
    import sys

    folder = str(ROOT / "tests" / "browser")
    if folder not in sys.path:
        sys.path.insert(0, folder)
    import labtools

    return labtools


@pytest.fixture(scope="session")
def browser():
    """One headless Debian Chromium for the whole session, driven by Playwright."""
    lab = _labtools()
    if not Path(lab.CHROMIUM).exists():
        pytest.fail(f"{lab.CHROMIUM} is missing: run `bash .ci/install-chromium` (make test-browser)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=lab.CHROMIUM, args=lab.CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def make_lab(tmp_path_factory):
    """The JupyterLab of ``make lab`` (serving notebooks/): opened, never run or saved."""
    server = _labtools().start_make_lab(tmp_path_factory.mktemp("make-lab") / "lab.log")
    try:
        yield server.wait()
    finally:
        server.stop()


@pytest.fixture(scope="session")
def workspace(tmp_path_factory) -> Path:
    """Folder of lesson copies the lab runs (and may autosave) instead of the lessons."""
    return tmp_path_factory.mktemp("lessons")


@pytest.fixture(scope="session")
def course_lab(workspace, tmp_path_factory):
    """JupyterLab configured as by ``make lab``, serving ``workspace``; fresh workspaces dir."""
    logs = tmp_path_factory.mktemp("course-lab")
    server = _labtools().start_lab_on(workspace, logs / "lab.log", logs / "workspaces")
    try:
        yield server.wait()
    finally:
        server.stop()
