"""Rebuild every simulated dataset from its card's ``build`` function, ``seed`` and, for a
simulator that makes several tables, the ``table`` it takes.

The output is byte-identical run after run (a test checks it), so a lesson's numbers
never change under a student's feet and a teacher can trust the recorded truth.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from .catalogue import data_dir, import_target, names, read_card


def write_csv(table: pd.DataFrame, path: Path) -> None:
    """The course's CSV form: UTF-8, comma, dot decimal, ISO dates, ``\\n`` line ends."""
    table.to_csv(path, index=False, encoding="utf-8", lineterminator="\n",
                 date_format="%Y-%m-%d %H:%M:%S" if _has_times(table) else "%Y-%m-%d",
                 float_format="%.10g")


def _has_times(table: pd.DataFrame) -> bool:
    for column in table.columns:
        values = table[column]
        if pd.api.types.is_datetime64_any_dtype(values) and (values.dt.normalize() != values).any():
            return True
    return False


def build(name: str, folder: Path | None = None) -> list[Path]:
    """Regenerate dataset ``name`` into ``folder`` (default: the datasets folder)."""
    info = read_card(name)
    folder = Path(folder) if folder else data_dir()
    options = {"table": info["table"]} if "table" in info else {}
    result = import_target(info["build"])(seed=info["seed"], **options)
    table, truth = result if isinstance(result, tuple) else (result, None)
    written = [folder / info["file"]]
    write_csv(table, written[0])
    if truth is not None:
        written.append(folder / f"{name}.truth.json")
        written[-1].write_text(json.dumps(truth, ensure_ascii=False, indent=2, sort_keys=True)
                               + "\n", encoding="utf-8")
    return written


def buildable() -> list[str]:
    """Datasets whose card declares a ``build`` function."""
    return [name for name in names() if "build" in read_card(name)]


def build_all(folder: Path | None = None) -> list[Path]:
    """Regenerate every simulated dataset; returns the files written."""
    return [path for name in buildable() for path in build(name, folder)]
