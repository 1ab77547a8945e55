"""The test suite's own layout: `make test` collects tests/ and notebooks/ in one run."""

from __future__ import annotations

from conftest import ROOT


def test_one_conftest_so_from_conftest_import_finds_the_shared_one():
    # A second conftest.py would be imported under the same module name and shadow
    # tests/conftest.py for every `from conftest import ROOT` collected after it.
    found = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "tests").rglob("conftest.py"))
    assert found == ["tests/conftest.py"]
