"""The two CSV files of a graded class.

``gradebook.csv`` is made for Moodle's grade import, which rejects the *whole* file for
one unknown user, one non-numeric grade or one grade above the item's maximum. So it
holds only: the identifier column of the class list, one numeric column per question and
a total, never above their maximum, with "" (no grade) where there is nothing to import,
and one row per student of the class list. UTF-8 (optionally with a BOM, which Excel needs
to read Arabic and Polish letters), comma separated, every field quoted.

``status.csv`` holds one row per submitted file, plus one per student who submitted
nothing: who, which file, the scores, and what happened in words.
"""

from __future__ import annotations

import csv
import io

from .files import write_atomic


def format_points(value) -> str:
    """``2.5`` → ``"2.5"``, ``3.0`` → ``"3"``, ``None`` → ``""`` (Moodle: no grade)."""
    if value is None:
        return ""
    text = f"{float(value):.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _csv_text(header: list[str], rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def write_csv(path, header: list[str], rows: list[list[str]], bom: bool = False):
    """Write a CSV atomically, UTF-8 (with a byte-order mark if ``bom``)."""
    text = _csv_text(header, rows)
    return write_atomic(path, text.encode("utf-8-sig" if bom else "utf-8"))


def gradebook_header(id_header: str, assignment) -> list[str]:
    """Identifier, one column per question, total (names say the assignment)."""
    return ([id_header] + [f"{assignment.id} {qid}" for qid in assignment.questions]
            + [f"{assignment.id} total"])


def gradebook_row(student_id: str, assignment, scores: dict | None, total) -> list[str]:
    """One Moodle row; ``scores=None`` writes no grade at all."""
    row = [student_id]
    for qid, question in assignment.questions.items():
        points = None if scores is None else scores.get(qid)
        if points is not None:
            points = min(max(float(points), 0.0), question.points)
        row.append(format_points(points))
    if total is not None and scores is not None:
        total = min(max(float(total), 0.0), assignment.max_points)
    row.append(format_points(total if scores is not None else None))
    return row


def write_gradebook(path, id_header: str, assignment, rows: list[list[str]], bom=False):
    """Write ``gradebook.csv`` (see module docstring)."""
    return write_csv(path, gradebook_header(id_header, assignment), rows, bom)
