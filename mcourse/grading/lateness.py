"""A due date and a late policy, taken against the time Moodle recorded a submission.

The policy (``mcourse grade ... --due 2024-03-10 --late-penalty 10 --last-day 2024-03-15``):

* a submission at or before the due moment is on time;
* each started day (24 hours) after it costs ``late-penalty`` per cent of the
  assignment's maximum, taken from the total (never below 0);
* after the last accepted moment the work is not accepted: its total is 0 (the report
  still shows what the work earned, so the teacher can decide otherwise in the overrides
  file).

A date without a time means the end of that day (23:59:59). Times are the teacher's, as
Moodle shows them in the worksheet's ``Last modified (submission)``.

Extensions: a small CSV, one row per student (``student,due``); the student is named by
anything the class list or the worksheet knows (participant id, e-mail, ID number, full
name). A student's extension moves their due moment; their last accepted moment moves
by the same amount (the grace period stays as long as everyone's).
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from ..errors import CourseError
from ..i18n import get_lang, t
from .moodle import parse_moodle_date

DAY = timedelta(days=1)

STUDENT_HEADERS = ("student", "id", "identifier", "participant", "email", "e-mail",
                   "student id", "id number", "name", "full name", "uczestnik", "identyfikator",
                   "الطالب", "المعرف", "المعرّف")
"""Header names (any case) of the column naming the student in the teacher's CSV files."""
DUE_HEADERS = ("due", "due date", "extension", "until", "termin", "data", "الموعد",
               "تاريخ الاستحقاق", "التمديد")


@dataclass(frozen=True)
class LatePolicy:
    """When work is due, what a late day costs (per cent of the maximum), the last moment."""

    due: datetime
    percent_per_day: float = 0.0
    last: datetime | None = None

    def for_student(self, extension: datetime | None) -> LatePolicy:
        """This policy with a student's own due moment (the grace period moves with it)."""
        if extension is None:
            return self
        last = None if self.last is None else self.last + (extension - self.due)
        return LatePolicy(extension, self.percent_per_day, last)


@dataclass(frozen=True)
class Lateness:
    """How late one submission was, and what it costs."""

    days: int
    percent: float
    accepted: bool
    due: datetime
    submitted: datetime
    extended: bool = False

    def apply(self, total: float, max_points: float) -> float:
        """The total after the policy: ``total − days × percent × maximum``, or 0."""
        if not self.accepted:
            return 0.0
        return round(max(0.0, total - max_points * self.percent / 100 * self.days), 2)


def fmt_moment(moment: datetime, lang: str | None = None) -> str:
    """``5 marca 2024, 14:30`` / ``5 مارس 2024، 14:30``: a date and time for a report."""
    from babel import dates

    from ..i18n import LOCALES
    from ..i18n.formatting import strip_marks

    code = lang or get_lang()
    day = strip_marks(dates.format_date(moment.date(), format="long", locale=LOCALES[code]))
    separator = "، " if code == "ar" else ", "
    return f"{day}{separator}{moment:%H:%M}"


def parse_when(text: str) -> datetime:
    """A due date from the command line; an unknown format is a ``CourseError``."""
    try:
        moment = parse_moodle_date(text, end_of_day=True)
    except ValueError:
        moment = None
    if moment is None:
        raise CourseError("grading.late.bad_date", value=text)
    return moment


def lateness(submitted: datetime, policy: LatePolicy, extended: bool = False) -> Lateness:
    """How ``submitted`` stands against ``policy``."""
    late = submitted - policy.due
    days = math.ceil(late / DAY) if late > timedelta(0) else 0
    accepted = policy.last is None or submitted <= policy.last
    return Lateness(days, policy.percent_per_day, accepted, policy.due, submitted, extended)


def column(header: list[str], names: tuple[str, ...]) -> int | None:
    keys = [h.strip().casefold() for h in header]
    for name in names:
        if name in keys:
            return keys.index(name)
    return None


def read_student_csv(path, kind: str):
    """Rows of a small teacher CSV as ``(line, student text, value text)`` plus its header.

    UTF-8 (a byte-order mark is fine), ``,`` ``;`` or tab between fields. ``kind`` names the
    file in errors (``extensions``, ``overrides``).
    """
    path = Path(path)
    if not path.is_file():
        raise CourseError("grading.teacher_csv.missing", kind=t(f"grading.teacher_csv.{kind}"),
                          file=str(path))
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CourseError("grading.teacher_csv.encoding", file=str(path),
                          position=exc.start) from None
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    rows = [(reader.line_num, row) for row in reader]
    if not rows:
        raise CourseError("grading.teacher_csv.empty", file=str(path))
    header = [h.strip() for h in rows[0][1]]
    return header, [(line, row) for line, row in rows[1:] if any(c.strip() for c in row)]


def read_extensions(path, resolve) -> dict[str, datetime]:
    """``{student id: due moment}`` from an extensions CSV (``student,due``).

    ``resolve(text)`` turns what the teacher wrote into a student id (or ``None``). Every
    bad row is reported at once, with its line number.
    """
    header, rows = read_student_csv(path, "extensions")
    who = column(header, STUDENT_HEADERS)
    when = column(header, DUE_HEADERS)
    if who is None or when is None:
        raise CourseError("grading.teacher_csv.columns", file=str(path),
                          wanted="student, due", columns=", ".join(header))
    found, problems = {}, []
    for line, row in rows:
        student_text = row[who].strip() if who < len(row) else ""
        due_text = row[when].strip() if when < len(row) else ""
        sid = resolve(student_text)
        if sid is None:
            problems.append(t("grading.teacher_csv.unknown_student", line=line,
                              student=student_text))
            continue
        try:
            due = parse_moodle_date(due_text, end_of_day=True)
        except ValueError:
            due = None
        if due is None:
            problems.append(t("grading.teacher_csv.bad_date", line=line, value=due_text))
            continue
        if sid in found:
            problems.append(t("grading.teacher_csv.repeated", line=line, student=student_text))
            continue
        found[sid] = due
    if problems:
        raise CourseError("grading.teacher_csv.bad_rows", file=str(path), count=len(problems),
                          rows="\n".join(problems))
    return found
