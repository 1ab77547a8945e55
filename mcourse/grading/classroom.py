"""Grading a class the way a Moodle teacher works: the download in, two upload files out.

::

    mcourse grade moodle-download.zip --worksheet Grades-A2.csv -o graded/
        [--roster participants.csv] [--due 2024-03-10 --late-penalty 10 --last-day 2024-03-15]
        [--extensions extensions.csv] [--overrides overrides.csv] [--only "Participant 17"]

1. **Intake** (:mod:`~mcourse.grading.moodle`): the zip (or its unpacked folder) is read
   safely; each participant folder is matched to its worksheet row by the participant
   id in its name, and to the class list (the participants export that ``release``
   used, matched by e-mail, else by full name; without ``--roster`` the worksheet's
   e-mail column is the identifier). Whatever the student named the file, it is copied
   to ``OUT/.intake/submissions/<participant id>/<name>__<assignment>_<id>.ipynb``, where
   the grader (:mod:`~mcourse.grading.run`) takes it for that student. A folder with no
   notebook, or only an archive, gets a placeholder file there, so it has its row and
   report saying what was found; two notebooks are both graded and flagged as a
   duplicate (no grade until the teacher keeps one).
2. **Grading**: :func:`mcourse.grading.run.grade`, unchanged: parallel, resumable.
3. **The teacher's word** (:mod:`~mcourse.grading.overrides`, :mod:`~mcourse.grading.lateness`),
   applied to the results just before the gradebook, the status table and the reports are
   written, at every run: overrides, then the late policy against the worksheet's
   ``Last modified (submission)``, then a ``total`` override.
4. **Out**: ``OUT/upload/<worksheet name>`` (the worksheet with ``Grade`` and
   ``Feedback comments`` filled in) and ``OUT/upload/feedback-files.zip`` (each report in
   the participant's folder), ``OUT/overview.html`` and ``OUT/similarity.html`` for the
   teacher, next to ``gradebook.csv``, ``status.csv`` and ``reports/`` as before.

Without ``--worksheet`` the same steps run on a folder of submissions and a class list
(no late policy then: only the worksheet knows when work was handed in).
"""

from __future__ import annotations

import copy
import csv
import io
import json
import re
import shutil
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from ..errors import CourseError
from ..i18n import SUPPORTED, get_lang, t
from .files import read_json, write_atomic
from .lateness import LatePolicy, fmt_moment, lateness, read_extensions
from .moodle import (
    Download,
    Worksheet,
    feedback_zip,
    folder_for,
    format_grade,
    parse_moodle_date,
    read_download,
    read_worksheet,
    worksheet_text,
)
from .naming import safe_id
from .overrides import TOTAL, apply_question_overrides, read_overrides
from .roster import Roster, Student, read_roster

INTAKE = ".intake"


@dataclass
class ClassOptions:
    """What the teacher adds to a run beyond the grader's own options."""

    worksheet: Path | None = None
    roster: Path | None = None
    id_column: str | None = None
    default_lang: str | None = None
    due: datetime | None = None
    late_penalty: float = 0.0
    last_day: datetime | None = None
    extensions: Path | None = None
    overrides: Path | None = None
    only: str | None = None
    similarity_threshold: float = 0.6


@dataclass
class ClassSummary:
    """Where everything went, and what the teacher should look at."""

    run: object
    overview: Path
    similarity: Path
    worksheet: Path | None = None
    feedback: Path | None = None
    grades: int = 0
    empty: int = 0
    similar_pairs: int = 0
    notes: list[str] = field(default_factory=list)


@dataclass
class _Staged:
    pid: str | None
    student_id: str | None
    files: list[str]
    placeholder: str | None = None  # "no_notebook", "archive_inside", "no_submission"


def _name_key(name: str) -> str:
    text = unicodedata.normalize("NFC", name).casefold()
    return " ".join(sorted(text.replace(",", " ").split()))


def _clean(name: str) -> str:
    """A file-name stem safe everywhere, keeping letters of any script."""
    stem = "".join(c if c.isalnum() or c in " .-()" else "_" for c in name)
    return stem.strip(" .")[:60] or "file"


def _notebook_meta(data: bytes) -> dict:
    try:
        meta = json.loads(data.decode("utf-8-sig")).get("metadata", {}).get("mcourse", {})
    except (ValueError, UnicodeDecodeError, AttributeError):
        return {}
    return meta if isinstance(meta, dict) else {}


def _detect_assignment(download: Download) -> str:
    counts: dict[str, int] = {}
    for folder in download.folders.values():
        for file in folder.of_kind("notebook"):
            name = _notebook_meta(file.data).get("assignment")
            if isinstance(name, str) and name:
                counts[name] = counts.get(name, 0) + 1
    if not counts:
        raise CourseError("grading.assignment.undetected")
    return max(sorted(counts), key=counts.get)


def _notebook_lang(data: bytes) -> str | None:
    from .submission import literal_parameters

    try:
        nb = json.loads(data.decode("utf-8-sig"))
        lang = str(literal_parameters(nb).get("LANG", "")).lower()
    except (ValueError, UnicodeDecodeError, AttributeError, TypeError):
        return None
    return lang if lang in SUPPORTED else None


class _Class:
    """Who is who: worksheet rows, class-list students, and every way to name them."""

    def __init__(self, worksheet: Worksheet | None, roster: Roster):
        self.worksheet = worksheet
        self.roster = roster
        self.pid_to_sid: dict[str, str] = {}
        self.unmatched: list[str] = []
        if worksheet is not None:
            by_email: dict[str, list[str]] = {}
            by_name: dict[str, list[str]] = {}
            for student in roster.students.values():
                if student.email:
                    by_email.setdefault(student.email.casefold(), []).append(student.id)
                if student.name:
                    by_name.setdefault(_name_key(student.name), []).append(student.id)
            for row in worksheet.rows:
                found = by_email.get(row.email.casefold(), []) if row.email else []
                if len(found) != 1:
                    found = by_name.get(_name_key(row.name), []) if row.name else []
                if len(found) == 1:
                    self.pid_to_sid[row.pid] = found[0]
                else:
                    self.unmatched.append(f"{row.name} (Participant {row.pid})")
        self.sid_to_pid = {sid: pid for pid, sid in self.pid_to_sid.items()}

    def resolve(self, text: str) -> str | None:
        """The class-list id of whoever ``text`` names (id, participant, e-mail, name)."""
        text = unicodedata.normalize("NFC", str(text)).strip()
        if not text:
            return None
        if text in self.roster.students:
            return text
        match = re.fullmatch(r"\D*?(\d+)", text)
        if match and self.worksheet is not None and match.group(1) in self.pid_to_sid:
            return self.pid_to_sid[match.group(1)]
        folded = text.casefold()
        emails = [s.id for s in self.roster.students.values() if s.email.casefold() == folded]
        if len(emails) == 1:
            return emails[0]
        names = [s.id for s in self.roster.students.values()
                 if s.name and _name_key(s.name) == _name_key(text)]
        return names[0] if len(names) == 1 else None

    def student(self, sid) -> Student | None:
        return self.roster.get(sid) if sid else None


def _synthesise_roster(worksheet: Worksheet, download: Download, default_lang, path: Path):
    """A class list from the worksheet (e-mail as identifier), languages from the notebooks."""
    if "email" not in worksheet.columns:
        raise CourseError("grading.moodle.needs_roster", file=str(worksheet.path))
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(["Email address", "Full name", "lang"])
    for row in worksheet.rows:
        if not row.email:
            continue
        lang = None
        folder = download.folders.get(row.pid)
        for file in folder.of_kind("notebook") if folder else []:
            lang = lang or _notebook_lang(file.data)
        writer.writerow([row.email, row.name, lang or default_lang or get_lang()])
    write_atomic(path, buffer.getvalue().encode("utf-8"))
    return read_roster(path)


def _stage(download: Download, people: _Class, assignment_id: str, folder: Path,
           overrides: dict) -> dict[str, _Staged]:
    """Copy each participant's notebooks where the grader finds them; placeholders for the rest."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    staged: dict[str, _Staged] = {}

    def put(relpath: str, data: bytes, entry: _Staged) -> None:
        target = folder / relpath
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        staged[relpath] = entry

    for pid, part in sorted(download.folders.items()):
        sid = people.pid_to_sid.get(pid)
        tail = f"__{assignment_id}_{safe_id(sid)}" if sid else ""
        listing = [f.name + (f" ({t('grading.moodle.skipped.' + f.skipped)})" if f.skipped
                             else "") for f in part.files]
        notebooks = part.of_kind("notebook")
        if notebooks:
            note = "archive_note" if part.of_kind("archive") else None
            used: set[str] = set()
            for file in sorted(notebooks, key=lambda f: f.name):
                stem = _clean(file.name.rsplit("/", 1)[-1][: -len(".ipynb")])
                while stem in used:
                    stem += "_"
                used.add(stem)
                put(f"{pid}/{stem}{tail}.ipynb", file.data, _Staged(pid, sid, listing, note))
        else:
            kind = "archive_inside" if part.of_kind("archive") else "no_notebook"
            text = "mcourse: " + kind + "\n" + "\n".join(listing) + "\n"
            put(f"{pid}/{kind}{tail}", text.encode("utf-8"), _Staged(pid, sid, listing, kind))
    have = {e.student_id for e in staged.values() if e.student_id}
    for sid, rows in overrides.items():  # points for work handed in another way
        if sid not in have and any(o.points is not None for o in rows):
            pid = people.sid_to_pid.get(sid)
            relpath = f"{pid or '_'}/no_submission__{assignment_id}_{safe_id(sid)}"
            put(relpath, b"mcourse: no_submission\n", _Staged(pid, sid, [], "no_submission"))
    return staged


def _event(code: str, teacher: dict, numbers: dict | None = None, dates: dict | None = None):
    values = dict(teacher)
    if numbers:
        values["_n"] = numbers
    if dates:
        values["_d"] = dates
    return {"code": code, "cell": None, "values": values}


class _Adjuster:
    """The teacher's word applied to every result, the same way at every run."""

    def __init__(self, assignment, people: _Class, staged, overrides, policy, extensions):
        self.assignment = assignment
        self.people = people
        self.staged = staged
        self.overrides = overrides
        self.policy = policy
        self.extensions = extensions
        self.final: dict[str, dict] = {}

    def __call__(self, results: dict) -> dict:
        adjusted = {key: self.one(copy.deepcopy(result)) for key, result in results.items()}
        self.final = adjusted
        return adjusted

    def _submitted(self, sid, pid):
        ws = self.people.worksheet
        row = ws.by_pid().get(pid) if ws is not None and pid else None
        if row is None:
            return None, None
        try:
            return parse_moodle_date(row.submitted_text), row.submitted_text
        except ValueError:
            return "unknown", row.submitted_text

    def one(self, result: dict) -> dict:
        from ..i18n.formatting import fmt_decimal

        entry = self.staged.get(result.get("file"))
        sid = result.get("student_id") or (entry.student_id if entry else None)
        pid = entry.pid if entry else self.people.sid_to_pid.get(sid)
        events = result.setdefault("events", [])
        if entry and entry.placeholder in ("no_notebook", "archive_inside", "no_submission"):
            result["events"] = events = [_event(entry.placeholder,
                                                {"files": ", ".join(entry.files) or "-"})]
            result["scores"], result["total"] = None, None
        elif entry and entry.placeholder == "archive_note":
            events.append(_event("archive_note", {"files": ", ".join(entry.files)}))
        mine = self.overrides.get(sid, [])
        questions = self.assignment.questions
        for override in mine:
            if override.question in questions and override.points is not None:
                score = next((s for s in result.get("scores") or []
                              if s["question"] == override.question), None)
                before = score.get("points") if score else None
                events.append(_event("override", {
                    "question": override.question, "comment": override.comment or "-",
                    "before": fmt_decimal(before or 0, 2), "after": fmt_decimal(override.points, 2)},
                    {"before": before or 0, "after": override.points}))
        apply_question_overrides(result, mine, self.assignment)
        if self.policy is not None and sid and result.get("total") is not None \
                and not (entry and entry.placeholder == "no_submission"):
            self._late(result, sid, pid, events)
        elif self.policy is not None and sid and sid in self.extensions:
            events.append(_event("extension", {"due": fmt_moment(self.extensions[sid])},
                                 dates={"due": self.extensions[sid].isoformat()}))
        for override in mine:
            if override.question == TOTAL and override.points is not None:
                before = result.get("total")
                result["total"] = override.points
                if result.get("scores") is None:
                    result["scores"] = [{"question": q, "max": spec.points, "points": None,
                                         "given": None, "expected": None, "verdict": "missing",
                                         "detail": None} for q, spec in questions.items()]
                events.append(_event("override", {
                    "question": TOTAL, "comment": override.comment or "-",
                    "before": "-" if before is None else fmt_decimal(before, 2),
                    "after": fmt_decimal(override.points, 2)},
                    {"after": override.points} | ({"before": before} if before is not None
                                                  else {})))
            elif not override.question and override.comment:
                events.append(_event("teacher_comment", {"comment": override.comment}))
        return result

    def _late(self, result, sid, pid, events):
        from ..i18n.formatting import fmt_decimal

        submitted, text = self._submitted(sid, pid)
        extension = self.extensions.get(sid)
        policy = self.policy.for_student(extension)
        if extension is not None:
            events.append(_event("extension", {"due": fmt_moment(extension)},
                                 dates={"due": extension.isoformat()}))
        if submitted is None:
            return
        if submitted == "unknown":
            events.append(_event("late_date_unknown", {"value": text}))
            return
        late = lateness(submitted, policy, extension is not None)
        before = result["total"]
        if not late.accepted:
            result["total"] = 0.0
            events.append(_event("too_late", {
                "submitted": fmt_moment(submitted), "last": fmt_moment(policy.last),
                "before": fmt_decimal(before, 2)}, {"before": before},
                {"submitted": submitted.isoformat(), "last": policy.last.isoformat()}))
        elif late.days:
            after = late.apply(before, self.assignment.max_points)
            result["total"] = after
            penalty = round(before - after, 2)
            events.append(_event("late", {
                "count": late.days, "due": fmt_moment(policy.due),
                "submitted": fmt_moment(submitted), "percent": fmt_decimal(late.percent, 2),
                "penalty": fmt_decimal(penalty, 2), "before": fmt_decimal(before, 2),
                "after": fmt_decimal(after, 2)},
                {"percent": late.percent, "penalty": penalty, "before": before, "after": after},
                {"due": policy.due.isoformat(), "submitted": submitted.isoformat()}))
        result["lateness"] = {"days": late.days, "accepted": late.accepted, "before": before,
                              "after": result["total"]}


def _status_rows(out: Path) -> tuple[list[str], list[list[str]]]:
    with (out / "status.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    return rows[0], rows[1:]


def _comment(result: dict | None, assignment, student, moodle_note: str | None) -> str:
    """The short feedback comment for the worksheet, in the student's language."""
    from ..i18n import language
    from ..i18n.formatting import fmt_decimal

    lang = student.lang if student else (result or {}).get("lang") or get_lang()
    with language(lang):
        parts = []
        if moodle_note:
            parts.append(moodle_note)
        if result is not None and result.get("total") is not None:
            parts.append(t("grading.moodle.comment.score", score=fmt_decimal(result["total"], 2),
                           max=fmt_decimal(assignment.max_points, 2)))
            late = result.get("lateness") or {}
            if late.get("accepted") is False:
                parts.append(t("grading.moodle.comment.too_late"))
            elif late.get("days"):
                parts.append(t("grading.moodle.comment.late", count=late["days"],
                               penalty=fmt_decimal(round(late["before"] - late["after"], 2), 2)))
        for event in (result or {}).get("events", []):
            if event["code"] == "no_notebook":
                parts.append(t("grading.moodle.comment.no_notebook",
                               files=event["values"]["files"]))
            elif event["code"] == "archive_inside":
                parts.append(t("grading.moodle.comment.archive", files=event["values"]["files"]))
            elif event["code"] in ("override", "teacher_comment") and \
                    event["values"].get("comment", "-") != "-":
                comment = event["values"]["comment"].strip()
                if comment and comment[-1] not in ".!?؟…":
                    comment += "."
                parts.append(t("grading.moodle.comment.teacher", comment=comment))
        if result is not None:
            parts.append(t("grading.moodle.comment.report"))
    return " ".join(parts)


def grade_class(submissions, out, assignment=None, options=None,
                settings: ClassOptions | None = None) -> ClassSummary:
    """Grade a class (see module docstring); returns a :class:`ClassSummary`.

    ``options`` are :class:`mcourse.grading.run.Options` (limits, sandbox, workers...).
    Raises ``KeyboardInterrupt`` (with the grader's summary) if the run is interrupted;
    nothing for Moodle is written then.
    """
    from . import run
    from .assignment import load_assignment

    settings = settings or ClassOptions()
    options = options or run.Options()
    out = Path(out)
    source = Path(submissions)
    intake = out / INTAKE
    notes: list[str] = []
    worksheet = read_worksheet(settings.worksheet) if settings.worksheet else None
    if settings.due is None and (settings.last_day or settings.extensions):
        raise CourseError("grading.late.needs_due")
    if settings.due is not None and worksheet is None:
        raise CourseError("grading.late.needs_worksheet")
    download = None
    if worksheet is not None:
        if source.resolve() == out.resolve() or source.resolve() in out.resolve().parents:
            raise CourseError("grading.cli.out_inside", out=str(out), folder=str(source))
        download = read_download(source, int(options.limits.file_mb * 1e6))
        if settings.roster:
            roster = read_roster(settings.roster, settings.id_column, settings.default_lang)
        else:
            roster = _synthesise_roster(worksheet, download, settings.default_lang,
                                        intake / "roster.csv")
        ws_pids = {row.pid for row in worksheet.rows}
        for pid, part in sorted(download.folders.items()):
            if pid not in ws_pids:
                notes.append(t("grading.moodle.note.not_in_worksheet", folder=part.folder))
        for entry, reason in download.refused:
            notes.append(t("grading.moodle.note.refused", entry=entry,
                           reason=t("grading.moodle.refused." + reason.split(":")[0])))
        for entry in download.unrecognised:
            notes.append(t("grading.moodle.note.unrecognised", entry=entry))
        assignment_ref = assignment or _detect_assignment(download)
    else:
        if not settings.roster:
            raise CourseError("grading.moodle.needs_roster_or_worksheet")
        roster = read_roster(settings.roster, settings.id_column, settings.default_lang)
        assignment_ref = assignment or run.detect_assignment(run.list_files(source))
    spec = load_assignment(assignment_ref)
    people = _Class(worksheet, roster)
    for who in people.unmatched:
        notes.append(t("grading.moodle.note.unmatched", who=who))
    overrides = read_overrides(settings.overrides, spec, people.resolve) \
        if settings.overrides else {}
    extensions = read_extensions(settings.extensions, people.resolve) \
        if settings.extensions else {}
    policy = LatePolicy(settings.due, settings.late_penalty, settings.last_day) \
        if settings.due is not None else None
    staged: dict[str, _Staged] = {}
    folder = source
    roster_path = settings.roster or (intake / "roster.csv")
    if download is not None:
        folder = intake / "submissions"
        staged = _stage(download, people, spec.id, folder, overrides)
    if settings.only:
        sid = people.resolve(settings.only)
        if sid is None:
            raise CourseError("grading.cli.only_unknown", who=settings.only)
        for path in sorted((out / "results").glob("*.json")):
            result = read_json(path)
            if isinstance(result, dict) and result.get("student_id") == sid:
                path.unlink()
    adjuster = _Adjuster(spec, people, staged, overrides, policy, extensions)
    summary = run.grade(folder, roster_path, out, spec.path, replace(options, adjust=adjuster),
                        id_column=settings.id_column if settings.roster else None,
                        default_lang=settings.default_lang)
    used = {r.get("student_id") for r in adjuster.final.values()}
    for sid in sorted(set(overrides) - used):
        notes.append(t("grading.moodle.note.unused_override", who=sid))
    report = ClassSummary(summary, out / "overview.html", out / "similarity.html", notes=notes)
    header, status = _status_rows(out)
    if worksheet is not None:
        _write_upload(worksheet, download, people, adjuster, spec, out, header, status, report)
    _write_similarity(adjuster, people, spec, folder, settings.similarity_threshold, out, report)
    _write_overview(header, status, people, spec, worksheet, out, report)
    return report


def _write_upload(worksheet, download, people, adjuster, spec, out, header, status, report):
    """The two files to upload to Moodle: the filled worksheet and the feedback zip."""
    by_pid: dict[str, list[dict]] = {}
    for result in adjuster.final.values():
        entry = adjuster.staged.get(result.get("file"))
        if entry and entry.pid:
            by_pid.setdefault(entry.pid, []).append(result)
    grades, comments, entries = {}, {}, []
    file_col = header.index(t("grading.col.file"))
    report_col = header.index(t("grading.col.report"))
    reports = {row[file_col]: row[report_col] for row in status if row[file_col]}
    for row in worksheet.rows:
        results = by_pid.get(row.pid, [])
        sid = people.pid_to_sid.get(row.pid)
        student = people.student(sid)
        maximum = row.max_grade
        if sid is None and results:  # who handed this in is not in the class list: the
            grades[row.pid] = ""  # seed (and so the answers) cannot be checked
            report.notes.append(t("grading.moodle.note.no_grade_unmatched", who=row.name,
                                  pid=row.pid))
        elif len(results) == 1 and results[0].get("total") is not None and maximum:
            value = min(results[0]["total"] / spec.max_points * maximum, maximum)
            grades[row.pid] = format_grade(max(0.0, value))
        else:
            grades[row.pid] = ""
        if len(results) > 1:
            report.notes.append(t("grading.moodle.note.two_notebooks", who=row.name,
                                  pid=row.pid))
            comments[row.pid] = _comment(None, spec, student, _two_notebooks(student))
        elif results:
            comments[row.pid] = _comment(results[0], spec, student, None)
        part = download.folders.get(row.pid) if download else None
        folder_name = part.folder if part else folder_for(row.pid, row.name)
        for number, result in enumerate(sorted(results, key=lambda r: r["file"]), 1):
            page = reports.get(result["file"])
            if page and (out / page).is_file():
                suffix = "" if number == 1 else f"-{number}"
                entries.append((folder_name, f"{spec.id}-report{suffix}.html",
                                (out / page).read_bytes()))
    upload = out / "upload"
    report.worksheet = write_atomic(upload / worksheet.path.name,
                                    worksheet_text(worksheet, grades, comments))
    report.feedback = write_atomic(upload / "feedback-files.zip", feedback_zip(entries))
    report.grades = sum(1 for g in grades.values() if g != "")
    report.empty = sum(1 for g in grades.values() if g == "")


def _two_notebooks(student) -> str:
    from ..i18n import language

    with language(student.lang if student else get_lang()):
        return t("grading.moodle.comment.two_notebooks")


def _write_similarity(adjuster, people, spec, folder, threshold, out, report):
    import nbformat

    from . import similarity
    from .release import student_template

    template = similarity.template_sources(student_template(spec))
    found = []
    for result in sorted(adjuster.final.values(), key=lambda r: r["file"]):
        path = Path(folder) / result["file"]
        if not path.name.lower().endswith(".ipynb") or result.get("scores") is None:
            continue
        try:
            nb = nbformat.reads(path.read_text(encoding="utf-8-sig"), as_version=4)
        except Exception:  # unreadable notebooks have no code to compare
            continue
        found.append((result.get("student_id") or result["file"], path.name, nb))
    ids = [sid for sid, _name, _nb in found]
    works = []
    for sid, name, nb in found:
        student = people.student(sid)
        key = sid if ids.count(sid) == 1 else f"{sid} ({name})"
        works.append(similarity.Work(key, student.name if student else "",
                                     similarity.own_cells(nb, template)))
    comparison = similarity.compare(works, template, threshold)
    report.similar_pairs = len(comparison.pairs)
    write_atomic(out / "similarity.html", similarity.render(comparison, spec.id, get_lang()))


def _write_overview(header, status, people, spec, worksheet, out, report):
    from . import overview

    entries = overview.entries_from_status(status, header, list(spec.questions))
    facts = overview.ClassFacts(len(people.roster), report.similar_pairs,
                                people.unmatched, worksheet.max_grade if worksheet else None)
    write_atomic(out / "overview.html", overview.render(entries, spec, facts, get_lang()))
