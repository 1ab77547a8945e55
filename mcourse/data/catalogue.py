"""Where the course datasets live and what their data cards say.

Each dataset is a pair in ``datasets/``: ``<name>.csv`` and ``<name>.card.yaml``.
Installed from a wheel, the folder is ``mcourse/datasets`` inside the package; in a clone
of the course repository it is the top-level ``datasets/`` folder.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

from ..errors import DataError

CARD_SUFFIX = ".card.yaml"


def data_dir() -> Path:
    """The folder holding the datasets and their cards."""
    packaged = Path(str(resources.files("mcourse"))) / "datasets"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "datasets"


def names() -> list[str]:
    """Names of all course datasets, sorted."""
    return sorted(p.name[: -len(CARD_SUFFIX)] for p in data_dir().glob("*" + CARD_SUFFIX))


@cache
def _read_card(path: str) -> dict:
    import yaml

    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def read_card(name: str) -> dict:
    """The card of dataset ``name`` as a dict; an unknown name lists the known ones."""
    path = data_dir() / f"{name}{CARD_SUFFIX}"
    if not path.exists():
        raise DataError("data.error.unknown_dataset", name=name, known=", ".join(names()))
    return _read_card(str(path))


def import_target(target: str):
    """The function named by ``"package.module:function"`` in a card."""
    import importlib

    module, _, function = target.partition(":")
    return getattr(importlib.import_module(module), function)
