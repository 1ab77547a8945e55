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
