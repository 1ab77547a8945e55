"""Fixtures of the browser tests: one Chromium, the ``make lab`` server, a lab on copies."""

from __future__ import annotations

from pathlib import Path

import pytest
from labtools import CHROMIUM, CHROMIUM_ARGS, start_lab_on, start_make_lab


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `bash .ci/install-chromium` (make test-browser)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def make_lab(tmp_path_factory):
    """The JupyterLab of ``make lab`` (serving notebooks/): opened, never run or saved."""
    server = start_make_lab(tmp_path_factory.mktemp("make-lab") / "lab.log")
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
    server = start_lab_on(workspace, logs / "lab.log", logs / "workspaces")
    try:
        yield server.wait()
    finally:
        server.stop()
