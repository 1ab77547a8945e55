"""Submissions that try to change their own score get no more than their real answers.

The tampering class runs *without* the bubblewrap sandbox (``trusted``): scoring must be
safe on its own, because scores are computed in the grader's process from recorded plain
values.
A separate test checks what the sandbox hides when bubblewrap is available.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import nbformat
import pytest
from grading_helpers import (
    LIMITS,
    read_csv,
    save,
    submission,
    truth,
    write_roster,
    write_source,
)

from mcourse.grading.answers import ANSWER_MIME
from mcourse.grading.naming import file_key
from mcourse.grading.run import Options, grade
from mcourse.grading.sandbox import bwrap_status

WRONG = {"q1": "q1 = -1", "q2": "q2 = -1.0",
         "q3": "q3 = [w for w in words if w != channel][0]"}
"""The tamperers' real answers: all wrong, so any point they get comes from tampering."""

REDEFINE = """\
from IPython.display import display
def answer(question, value, **kw):
    display({"application/vnd.mcourse.answer.v1+json": {"question": question, "value": 12345},
             "text/plain": "recorded"}, raw=True)"""

PATCH = """\
import builtins, math
import mcourse.grading.score as score
import mcourse.grading.answers as answers_module
score.score_question = lambda *a, **k: {"points": 100, "verdict": "correct"}
score.score_all = lambda *a, **k: ([], 100)
answers_module.read_answers = lambda nb: ({"q1": 1, "q2": 1, "q3": "email"}, {})
answers_module.check_format = lambda *a, **k: (True, "grading.format.ok", {"wanted": ""})
math.isclose = lambda *a, **k: True
builtins.abs = lambda x: 0
builtins.float = lambda x=0: 0.0"""

SPRAY = """\
for guess in range(0, 120):
    answer("q1", guess)
for guess in words:
    answer("q3", guess)
answer("q1", -1)
answer("q3", [w for w in words if w != channel][0])"""

WEIRD = """\
from IPython.display import display
code = "__import__('pathlib').Path({marker!r}).touch()"
display({{"application/vnd.mcourse.answer.v1+json":
         {{"question": "q1", "value": {{"__reduce__": "os.system", "$eval": code}}}},
         "text/plain": "x"}}, raw=True)
display({{"application/vnd.mcourse.answer.v1+json":
         '{{"question": "q2", "value": {{"py/object": "builtins.eval"}}}}', "text/plain": "x"}},
        raw=True)
display({{"application/vnd.mcourse.answer.v1+json": {{"question": "../../q3", "value": code}},
         "text/plain": "x"}}, raw=True)"""
"""Answers shaped as code or pickles: the grader reads them as data, never runs them."""


READ_OTHERS = """\
import glob, json, os
found = []
for pattern in ({folders!r}):
    for path in glob.glob(pattern, recursive=True):
        try:
            text = open(path, encoding="utf-8", errors="replace").read()
        except OSError:
            continue
        found.append(path)
        try:
            data = json.loads(text)
        except ValueError:
            continue
        for item in data.get("scores", []) if isinstance(data, dict) else []:
            if item.get("expected") is not None:
                answer(item["question"], item["expected"])
        for cell in data.get("cells", []) if isinstance(data, dict) else []:
            for out in cell.get("outputs", []):
                payload = out.get("data", {{}}).get("application/vnd.mcourse.answer.v1+json")
                if isinstance(payload, dict) and "value" in payload:
                    answer(payload["question"], payload["value"])
answer("seen", len(found))"""


def _handwritten(student_id: str):
    """A notebook whose answers are None but whose outputs and metadata claim the truth."""
    nb = submission(student_id, answers={q: f"{q} = None" for q in WRONG})
    right = truth(student_id)
    for cell in nb.cells:
        for q, value in right.items():
            if cell.source.startswith(f"answer('{q}'"):
                cell.outputs = [nbformat.v4.new_output(
                    "display_data", data={ANSWER_MIME: {"question": q, "value": value},
                                          "text/plain": "recorded"})]
                cell.execution_count = 7
                cell.metadata["mcourse"] = {"answer": {"question": q, "value": value}}
    nb.metadata["mcourse"]["answers"] = right
    nb.metadata["mcourse"]["score"] = 4
    return nb


def _distinct_id(taken: list[str]) -> str:
    """An id none of whose answers equals another student's (so copying can never help)."""
    others = [truth(s) for s in taken]
    for n in range(1000):
        candidate = f"t_read{n}"
        mine = truth(candidate)
        if all(all(mine[q] != other[q] for q in mine) for other in others):
            return candidate
    raise AssertionError("no distinct id found")


@pytest.fixture(scope="module")
def tampered(tmp_path_factory):
    base = tmp_path_factory.mktemp("tamper")
    source = write_source(base / "teacher" / "T1_source.ipynb")
    subs, out = base / "submissions", base / "out"
    honest = ["h01", "h02"]
    reader = _distinct_id(honest + ["t_redefine", "t_patch", "t_spray", "t_hand", "t_weird"])
    cases = {
        "t_redefine": submission("t_redefine", before=REDEFINE),
        "t_patch": submission("t_patch", answers=WRONG, before=PATCH),
        "t_spray": submission("t_spray", answers=WRONG, extra={"q3": SPRAY}),
        "t_hand": _handwritten("t_hand"),
        "t_weird": submission("t_weird", answers={q: f"{q} = None" for q in WRONG},
                              before=WEIRD.format(marker=str(base / "evaluated"))),
        reader: submission(reader, answers={q: f"{q} = None" for q in WRONG}, before=READ_OTHERS
                           .format(folders=[f"{subs}/**/*", f"{out}/**/*.json"])),
    }
    for sid in honest:
        save(submission(sid), subs, f"T1_{sid}.ipynb")
    for sid, nb in cases.items():
        save(nb, subs, f"T1_{sid}.ipynb")
    roster = write_roster(base / "roster.csv", [(s, "en") for s in honest + list(cases)])
    summary = grade(subs, roster, out, source,
                    Options(limits=LIMITS, sandbox="none", workers=2, progress=False),
                    trusted=True)
    rows = {row["id"]: row for row in read_csv(out / "status.csv")}
    return {"rows": rows, "out": out, "reader": reader, "summary": summary, "base": base}


def test_honest_students_score_fully(tampered):
    assert tampered["summary"].isolation == "process"
    for sid in ("h01", "h02"):
        assert tampered["rows"][sid]["total"] == "4"


@pytest.mark.parametrize("sid", ["t_redefine", "t_patch", "t_spray", "t_hand", "t_weird"])
def test_tampering_scores_no_more_than_real_answers(tampered, sid):
    row = tampered["rows"][sid]
    assert float(row["total"]) == 0, row


def test_reading_other_students_files_does_not_help(tampered):
    row = tampered["rows"][tampered["reader"]]
    assert float(row["total"]) == 0, row
    result = json.loads((tampered["out"] / "results" /
                         f"{file_key('T1_' + tampered['reader'] + '.ipynb')}.json").read_text())
    seen = next(s for s in result["scores"] if s["question"] == "q1")
    assert seen["expected"] == truth(tampered["reader"])["q1"]


def test_recorded_values_are_never_evaluated(tampered):
    assert not (tampered["base"] / "evaluated").exists()
    assert "answers_malformed" in tampered["rows"]["t_weird"]["status"]


def test_handwritten_outputs_are_not_read(tampered):
    assert "answers_missing" in tampered["rows"]["t_hand"]["status"]


def test_sandbox_hides_solution_class_and_network(tmp_path):
    """In the sandbox a kernel sees no teacher file, no other submission, no network, and
    cannot write to the course's package. The sandbox needs bubblewrap, a system package:
    CI installs it (.ci/run), so there its absence is a failure, not a skip."""
    usable, detail = bwrap_status()
    if not usable:
        if os.environ.get("CI"):
            pytest.fail(f"CI must provide bubblewrap for the grading sandbox: {detail}")
        pytest.skip(f"bubblewrap is not usable here ({detail}); install it to run this test")
    import mcourse.grading.score as score

    source = write_source(tmp_path / "teacher" / "T1_source.ipynb")
    subs, out = tmp_path / "submissions", tmp_path / "out"
    package_file = Path(score.__file__)
    before = package_file.read_bytes()
    spy = f"""\
import os, socket, json
seen = {{}}
for path in {[str(source), str(subs), str(out), str(tmp_path / "roster.csv"),
              str(Path(score.__file__).parents[2] / ".git" / "HEAD")]!r}:
    seen[path] = os.path.exists(path) and (os.path.isfile(path) or bool(os.listdir(path)))
try:
    socket.create_connection(("1.1.1.1", 53), timeout=2)
    seen["network"] = True
except OSError:
    seen["network"] = False
try:
    open({str(package_file)!r}, "a").close()
    seen["package writable"] = True
except OSError:
    seen["package writable"] = False
answer("spy", json.dumps(seen))"""
    save(submission("s1", before=spy), subs, "T1_s1.ipynb")
    save(submission("s2"), subs, "T1_s2.ipynb")
    roster = write_roster(tmp_path / "roster.csv", [("s1", "en"), ("s2", "en")])
    summary = grade(subs, roster, out, source, Options(limits=LIMITS, sandbox="bwrap",
                                                        progress=False))
    assert summary.isolation == "bubblewrap"
    result = json.loads((out / "results" / f"{file_key('T1_s1.ipynb')}.json").read_text())
    executed = nbformat.read(out / result["executed"], as_version=4)
    payload = next(o["data"][ANSWER_MIME] for c in executed.cells for o in c.get("outputs", [])
                   if o.get("data", {}).get(ANSWER_MIME, {}).get("question") == "spy")
    seen = json.loads(payload["value"])
    assert not any(seen.values()), seen
    assert package_file.read_bytes() == before
    assert result["total"] == 4
