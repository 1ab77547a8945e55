"""An assignment as the teacher wrote it: the source notebook and its grading table.

The teacher's source notebook holds the solution cells (tagged ``solution``) and, in its
metadata, what each question is worth and how it is compared::

    "mcourse": {"assignment": {
        "id": "A2",
        "title": {"ar": "...", "pl": "...", "en": "..."},
        "show_expected": false,
        "questions": {
            "q1": {"points": 2, "kind": "number", "rtol": 0.01,
                   "title": {"ar": "...", "pl": "...", "en": "..."},
                   "feedback": {"ar": "...", "pl": "...", "en": "..."}},
            "q2": {"points": 1, "kind": "choice", "choices": ["email", "sms"]}}}}

The values in its ``parameters`` cell (``SEED = None``...) are the ones every student's
notebook runs with: the grader injects them with the student's ``STUDENT_ID`` and ``LANG``.
``kind`` is one of :data:`mcourse.grading.answers.KINDS`; numbers are right within
``atol + rtol * |expected|``; ``partial: true`` gives part of the points to lists and sets
that are partly right; ``show_expected`` lets reports show the expected answers.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from ..errors import CourseError
from .answers import KINDS, QUESTION_ID
from .submission import literal_parameters

SOLUTION_TAG = "solution"


@dataclass(frozen=True)
class Question:
    """How one question is scored."""

    id: str
    points: float
    kind: str
    rtol: float = 0.0
    atol: float = 0.0
    choices: tuple = ()
    size: int | None = None
    partial: bool = False
    title: dict = field(default_factory=dict)
    feedback: dict = field(default_factory=dict)


@dataclass
class Assignment:
    """The teacher's source notebook, read."""

    id: str
    path: Path
    nb: object
    sha256: str
    questions: dict[str, Question]
    title: dict = field(default_factory=dict)
    show_expected: bool = False
    parameters: dict = field(default_factory=dict)

    @property
    def max_points(self) -> float:
        return round(sum(q.points for q in self.questions.values()), 2)


def search_folders() -> list[Path]:
    """Where ``A2``-style names are looked up: ``./notebooks/assignments``, ``.``, the repository."""
    repo = Path(__file__).resolve().parents[2] / "notebooks" / "assignments"
    return [Path.cwd() / "notebooks" / "assignments", Path.cwd(), repo]


def find_assignment(name) -> Path:
    """The source notebook named by a path or an id such as ``A3``."""
    path = Path(name)
    if path.is_file():
        return path
    for folder in search_folders():
        for candidate in sorted(folder.glob(f"{name}_*.ipynb")) + [folder / f"{name}.ipynb"]:
            if candidate.is_file():
                return candidate
    raise CourseError("grading.assignment.not_found", name=str(name),
                      folders=", ".join(str(f) for f in search_folders()))


def load_assignment(name) -> Assignment:
    """Read and check a teacher's source notebook (path or id)."""
    path = find_assignment(name)
    data = path.read_bytes()
    try:
        nb = nbformat.reads(data.decode("utf-8"), as_version=4)
    except Exception as exc:  # the teacher's file itself is broken
        raise CourseError("grading.assignment.unreadable", file=str(path), detail=str(exc)[:200]) \
            from None
    meta = nb.metadata.get("mcourse", {}).get("assignment")

    def bad(problem: str):
        return CourseError("grading.assignment.bad_spec", file=str(path), problem=problem)

    if not isinstance(meta, dict):
        raise bad("metadata.mcourse.assignment is missing")
    ident = meta.get("id")
    if not isinstance(ident, str) or not ident.strip():
        raise bad("id is missing")
    raw = meta.get("questions")
    if not isinstance(raw, dict) or not raw:
        raise bad("questions is missing or empty")
    questions = {}
    for qid, spec in raw.items():
        if not QUESTION_ID.match(qid) or not isinstance(spec, dict):
            raise bad(f"question {qid!r} is not a table")
        points, kind = spec.get("points"), spec.get("kind")
        if not isinstance(points, int | float) or isinstance(points, bool) or points <= 0:
            raise bad(f"{qid}: points must be a positive number")
        if kind not in KINDS:
            raise bad(f"{qid}: kind must be one of {', '.join(KINDS)}")
        rtol, atol = spec.get("rtol", 0.0), spec.get("atol", 0.0)
        if any(not isinstance(x, int | float) or x < 0 for x in (rtol, atol)):
            raise bad(f"{qid}: rtol and atol must be numbers >= 0")
        questions[qid] = Question(qid, float(points), kind, float(rtol), float(atol),
                                  tuple(spec.get("choices", ())), spec.get("size"),
                                  bool(spec.get("partial", False)), dict(spec.get("title", {})),
                                  dict(spec.get("feedback", {})))
    return Assignment(ident.strip(), path, nb, hashlib.sha256(data).hexdigest(), questions,
                      dict(meta.get("title", {})), bool(meta.get("show_expected", False)),
                      literal_parameters(nb))


def localised(texts: dict, lang: str, default: str = "") -> str:
    """The text for ``lang`` from an ``{"ar": ..., "pl": ..., "en": ...}`` table."""
    if not texts:
        return default
    return texts.get(lang) or texts.get("en") or next(iter(texts.values()))
