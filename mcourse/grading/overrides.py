"""The teacher's own word on a grade: a small CSV merged into every run.

::

    student,question,points,comment
    Participant 1234,q2,1.5,"Right idea, one sign wrong"
    anna@uni.example,,,"Well argued answer to q3"
    s07,total,3,"Handed in on paper, graded by hand"

* ``student``: whatever names the student in the class list or the worksheet
  (participant id, ``Participant <id>``, e-mail, ID number, full name);
* ``question``: a question id (``q2``) sets that question's points; ``total`` sets the final
  total (after the late policy); empty leaves the points alone (a comment only);
* ``points``: a number (``1.5`` or ``1,5``), at most the question's (or the assignment's)
  maximum; empty for a comment only;
* ``comment``: shown to the student in the report and in the worksheet's feedback comment.

The file is read again at each run, also with ``--regrade`` and ``--only``; graded work is
never changed on disk, so taking a row out of the file takes its effect away.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import CourseError
from ..i18n import t
from .lateness import STUDENT_HEADERS, column, read_student_csv
from .moodle import parse_grade

QUESTION_HEADERS = ("question", "pytanie", "السؤال", "q")
POINTS_HEADERS = ("points", "punkty", "pkt", "النقاط", "score")
COMMENT_HEADERS = ("comment", "komentarz", "uwagi", "تعليق", "ملاحظة", "ملاحظات")
TOTAL = "total"


@dataclass(frozen=True)
class Override:
    """One row of the overrides file."""

    line: int
    student_id: str
    question: str  # a question id, "total", or "" (comment only)
    points: float | None
    comment: str


def read_overrides(path, assignment, resolve) -> dict[str, list[Override]]:
    """``{student id: [Override, ...]}``; every bad row is reported at once."""
    header, rows = read_student_csv(path, "overrides")
    who = column(header, STUDENT_HEADERS)
    which = column(header, QUESTION_HEADERS)
    how = column(header, POINTS_HEADERS)
    note = column(header, COMMENT_HEADERS)
    if who is None or which is None or (how is None and note is None):
        raise CourseError("grading.teacher_csv.columns", file=str(path),
                          wanted="student, question, points, comment", columns=", ".join(header))

    def cell(row, index):
        return row[index].strip() if index is not None and index < len(row) else ""

    found: dict[str, list[Override]] = {}
    seen: set[tuple[str, str]] = set()
    problems = []
    for line, row in rows:
        student_text, question = cell(row, who), cell(row, which)
        points_text, comment = cell(row, how), cell(row, note)
        sid = resolve(student_text)
        if sid is None:
            problems.append(t("grading.teacher_csv.unknown_student", line=line,
                              student=student_text))
            continue
        if question.casefold() == TOTAL:
            question, limit = TOTAL, assignment.max_points
        elif question:
            if question not in assignment.questions:
                problems.append(t("grading.teacher_csv.unknown_question", line=line,
                                  question=question,
                                  questions=", ".join(list(assignment.questions) + [TOTAL])))
                continue
            limit = assignment.questions[question].points
        else:
            limit = None
        points = None
        if points_text:
            points = parse_grade(points_text)
            if points is None or points < 0 or limit is None or points > limit:
                problems.append(t("grading.teacher_csv.bad_points", line=line,
                                  value=points_text, limit=limit if limit is not None else "-"))
                continue
        elif not comment:
            problems.append(t("grading.teacher_csv.empty_row", line=line))
            continue
        if question and (sid, question) in seen:
            problems.append(t("grading.teacher_csv.repeated", line=line, student=student_text))
            continue
        seen.add((sid, question))
        found.setdefault(sid, []).append(Override(line, sid, question, points, comment))
    if problems:
        raise CourseError("grading.teacher_csv.bad_rows", file=str(path), count=len(problems),
                          rows="\n".join(problems))
    return found


def apply_question_overrides(result: dict, overrides: list[Override], assignment) -> None:
    """Set the overridden questions' points in ``result`` (in place) and its total again."""
    scores = result.get("scores")
    changed = [o for o in overrides if o.question not in ("", TOTAL) and o.points is not None]
    if not changed:
        return
    if scores is None:  # nothing was graded: the teacher's points are the only ones
        scores = [{"question": qid, "max": q.points, "points": None, "given": None,
                   "expected": None, "verdict": "missing", "detail": None}
                  for qid, q in assignment.questions.items()]
        result["scores"] = scores
    by_question = {s["question"]: s for s in scores}
    for override in changed:
        score = by_question[override.question]
        score["override"] = {"before": score.get("points"), "comment": override.comment}
        score["points"] = override.points
    result["total"] = round(min(sum(s["points"] or 0 for s in scores), assignment.max_points), 2)
