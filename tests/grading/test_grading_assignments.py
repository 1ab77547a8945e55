"""The course's graded assignments A2 and A3 released to a small class and graded back.

One worker grades the three students, so the teacher's reference runs for the second and
third in the warm kernel the first one left: its answers must be exactly those that each
student's own fresh kernel computed with the teacher's solution."""

from __future__ import annotations

import json

import nbformat
import pytest
from conftest import ROOT
from grading_helpers import read_csv, write_roster

from mcourse.grading.assignment import SOLUTION_TAG, load_assignment
from mcourse.grading.execute import Limits
from mcourse.grading.release import release
from mcourse.grading.run import Options, grade

SOURCES = {"A1": ROOT / "notebooks" / "assignments" / "A1_behaviour_funnel_channels.ipynb",
           "A2": ROOT / "notebooks" / "assignments" / "A2_customer_value_crm.ipynb",
           "A3": ROOT / "notebooks" / "assignments" / "A3_forecasting.ipynb",
           "A4": ROOT / "notebooks" / "assignments" / "A4_experiments_social.ipynb"}


def _solve(released, source, wrong: str | None = None):
    """A student who writes the teacher's solution in each answer cell (but ``wrong``)."""
    solutions = {}
    cells = source.nb.cells
    for i, cell in enumerate(cells):
        if SOLUTION_TAG in cell.metadata.get("tags", []):
            solutions[cells[i - 1].source.split("=")[0].strip()] = cell.source
    for cell in released.cells:
        name = cell.source.split("=")[0].strip()
        if cell.cell_type == "code" and cell.source.endswith("# ✏️") and name in solutions:
            cell.source = solutions[name] + (f"\n{name} = {name} * 1.5" if name == wrong else "")
    return released


@pytest.mark.parametrize("ident", sorted(SOURCES))
def test_assignment_graded_end_to_end(ident, tmp_path):
    source = load_assignment(SOURCES[ident])
    assert source.id == ident and source.max_points == 10
    roster = write_roster(tmp_path / "roster.csv", [("s1", "ar"), ("s2", "pl"), ("s3", "pl")])
    released = release(SOURCES[ident], roster, tmp_path / "release")
    for path in released:
        text = path.read_text(encoding="utf-8")
        assert SOLUTION_TAG not in text and '"questions"' not in text
    submissions = tmp_path / "submissions"
    submissions.mkdir()
    for path, wrong in zip(sorted(released), (None, "q2", None), strict=True):
        nb = _solve(nbformat.read(path, as_version=4), source, wrong)
        nbformat.write(nb, submissions / path.name)
    out = tmp_path / "out"
    limits = Limits(cell_seconds=60, notebook_seconds=120, memory_mb=2048, output_kb=512)
    summary = grade(submissions, roster, out,
                    options=Options(limits=limits, workers=1, progress=False))
    assert summary.rows == 3
    book = {row["ID number"]: row for row in read_csv(out / "gradebook.csv")}
    assert book["s1"][f"{ident} total"] == "10" and book["s3"][f"{ident} total"] == "10"
    assert book["s2"][f"{ident} q2"] == "0" and book["s2"][f"{ident} total"] == "8"
    status = {row["id"]: row for row in read_csv(out / "status.csv")}
    assert status["s1"]["status"] == "ok"
    assert status["s2"]["status"] == "answers_wrong"
    arabic = (out / status["s1"]["report"]).read_text(encoding="utf-8")
    assert 'dir="rtl"' in arabic
    results = [json.loads(p.read_text()) for p in (out / "results").glob("*.json")]
    expected = {r["student_id"]: [s["expected"] for s in r["scores"]] for r in results}
    assert expected["s1"] != expected["s2"] != expected["s3"]  # each their own answers
    for result in results:
        if result["student_id"] in ("s1", "s3"):  # warm reference == student's fresh kernel
            assert [s["given"] for s in result["scores"]] == expected[result["student_id"]]
