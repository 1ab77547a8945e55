"""A tiny graded assignment ("T1") and a generator of submissions for the grading tests.

T1 has three questions on two random numbers of each student (a whole number, a
decimal number and a choice), so a notebook runs in about a second.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from mcourse.grading.answers import student_seed
from mcourse.grading.execute import Limits

QUESTIONS = {
    "q1": {"points": 1, "kind": "integer", "title": {"en": "a + b", "pl": "a + b", "ar": "a + b"}},
    "q2": {"points": 2, "kind": "number", "rtol": 0.01,
           "feedback": {"en": "Divide a by b.", "pl": "Podziel a przez b.",
                        "ar": "اقسم a على b."}},
    "q3": {"points": 1, "kind": "choice", "choices": ["email", "sms", "social"]},
}
MAX = 4.0

LIMITS = Limits(cell_seconds=3, notebook_seconds=40, memory_mb=512, output_kb=64,
                startup_seconds=30)
"""Small limits keep the whole grading suite to a few minutes on 2 cores."""

SETUP = """\
from mcourse.grading.answers import answer, student_seed
import random
SEED = student_seed(STUDENT_ID, "T1") if SEED is None else SEED
rng = random.Random(SEED)
a, b = rng.randint(10, 99), rng.randint(2, 9)
words = ["email", "sms", "social"]
channel = words[(a + b) % 3]"""

SOLUTIONS = {"q1": "q1 = a + b", "q2": "q2 = a / b", "q3": "q3 = channel"}
CHECKS = {"q1": "answer('q1', q1, kind='integer')", "q2": "answer('q2', q2, kind='number')",
          "q3": "answer('q3', q3, kind='choice', choices=words)"}


def truth(student_id: str) -> dict:
    """The right answers of a student, computed here as the notebook does."""
    rng = random.Random(student_seed(student_id, "T1"))
    a, b = rng.randint(10, 99), rng.randint(2, 9)
    return {"q1": a + b, "q2": a / b, "q3": ["email", "sms", "social"][(a + b) % 3]}


def write_source(path: Path, show_expected: bool = True) -> Path:
    """The teacher's source notebook of T1, solutions tagged ``solution``."""
    cells = [new_markdown_cell("T1", metadata={"tags": ["lang-pl"]}),
             new_code_cell('STUDENT_ID = "demo"\nLANG = "en"\nSEED = None',
                           metadata={"tags": ["parameters"]}),
             new_code_cell(SETUP)]
    for q in QUESTIONS:
        cells += [new_code_cell(f"{q} = None  # your answer", metadata={"tags": ["answer"]}),
                  new_code_cell(SOLUTIONS[q], metadata={"tags": ["solution"]}),
                  new_code_cell(CHECKS[q])]
    nb = new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nb.metadata["mcourse"] = {"assignment": {"id": "T1", "show_expected": show_expected,
                                             "title": {"en": "Test one", "pl": "Test pierwszy",
                                                       "ar": "الاختبار الأول"},
                                             "questions": QUESTIONS}}
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path


def write_roster(path: Path, students: list[tuple[str, str]], bom: bool = False) -> Path:
    """A Moodle-like participants CSV: ID number, names, e-mail, language."""
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["First name", "Last name", "ID number", "Email address", "lang"])
        for sid, lang in students:
            writer.writerow([f"Name{sid}", f"Surname{sid}", sid, f"{sid}@uni.example", lang])
    return path


def submission(student_id: str, lang: str = "en", answers: dict | None = None,
               extra: dict | None = None, before: str | None = None):
    """A student's notebook: ``answers`` replaces a question's answer cell, ``extra`` adds a
    cell after a question ("q1": code), ``before`` a cell before the first question."""
    answers = answers or {}
    extra = extra or {}
    cells = [new_code_cell(f"STUDENT_ID = {student_id!r}\nLANG = {lang!r}\nSEED = None",
                           metadata={"tags": ["parameters"]}),
             new_code_cell(SETUP)]
    if before:
        cells.append(new_code_cell(before))
    for q in QUESTIONS:
        cells.append(new_code_cell(answers.get(q, SOLUTIONS[q])))
        cells.append(new_code_cell(CHECKS[q]))
        if q in extra:
            cells.append(new_code_cell(extra[q]))
    nb = new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nb.metadata["mcourse"] = {"assignment": "T1"}
    return nb


def save(nb, folder: Path, name: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path


def read_csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))
