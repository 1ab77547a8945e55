"""The class list: a participants CSV exported from Moodle, plus a language column.

Moodle writes column headers in the language of its interface, so the usual names in
English, Polish, French and Arabic are recognised. The identifier is the first of
*ID number*, *username* and *e-mail* that the file fills in (or the column you name):
Moodle's grade import matches students on exactly that value, case included.

Every bad row (no identifier, an identifier seen before, a language other than ar/pl/en)
is reported with its line number, all at once, and nothing is read from a bad file.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from ..errors import CourseError
from ..i18n import SUPPORTED

HEADERS = {
    "idnumber": ("id number", "idnumber", "id_number", "numer id", "numer identyfikacyjny",
                 "numéro d'identification", "رقم الهوية", "student id", "student_id"),
    "username": ("username", "user name", "nazwa użytkownika", "nom d'utilisateur",
                 "اسم المستخدم", "login"),
    "email": ("email address", "email", "e-mail", "adres e-mail", "adres email",
              "adresse de courriel", "courriel", "البريد الإلكتروني", "البريد الالكتروني"),
    "first": ("first name", "firstname", "imię", "prénom", "الاسم الأول", "الاسم"),
    "last": ("last name", "lastname", "surname", "nazwisko", "nom", "اسم العائلة", "اللقب"),
    "full": ("full name", "fullname", "name", "imię i nazwisko", "nom complet",
             "الاسم الكامل"),
    "lang": ("lang", "language", "preferred language", "język", "jezyk", "langue", "اللغة"),
}
"""Known header names (compared case-insensitively) for each roster field."""

ID_FIELDS = ("idnumber", "username", "email")

LANGUAGE_NAMES = {
    "ar": ("ar", "arabic", "العربية", "عربي", "arabe"),
    "pl": ("pl", "polish", "polski", "polonais"),
    "en": ("en", "english", "angielski", "anglais"),
}


@dataclass(frozen=True)
class Student:
    """One row of the class list."""

    id: str
    lang: str
    name: str = ""
    email: str = ""
    line: int = 0


@dataclass
class Roster:
    """The students by identifier, and which column the identifier came from."""

    students: dict[str, Student]
    id_field: str
    id_header: str
    path: str = ""

    def __contains__(self, student_id: str) -> bool:
        return student_id in self.students

    def __len__(self) -> int:
        return len(self.students)

    def get(self, student_id):
        return self.students.get(student_id)


def normalise_lang(value: str) -> str | None:
    """``"ar_DZ"``, ``"Polski"``... → ``"ar"``/``"pl"``/``"en"``; ``None`` if unknown."""
    text = str(value).strip().casefold().replace("-", "_")
    for code, names in LANGUAGE_NAMES.items():
        if text in names or text.split("_")[0] == code:
            return code
    return None


def _decode(path: Path) -> str:
    data = path.read_bytes()
    if b"\x00" in data:
        raise CourseError("grading.roster.binary", file=str(path))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CourseError("grading.roster.encoding", file=str(path),
                          position=exc.start) from None


def _field_columns(header: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, name in enumerate(header):
        key = name.strip().casefold()
        for field, names in HEADERS.items():
            if key in names and field not in found:
                found[field] = index
    return found


def read_roster(path, id_column: str | None = None, default_lang: str | None = None) -> Roster:
    """Read a participants CSV into a :class:`Roster`; bad rows raise one ``CourseError``.

    ``id_column``: the header (or ``idnumber``/``username``/``email``) holding the
    identifier. ``default_lang``: language of students when the file has no language
    column (a row with an empty language cell is still an error).
    """
    path = Path(path)
    if not path.is_file():
        raise CourseError("grading.roster.missing_file", file=str(path))
    text = _decode(path)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    rows = []
    header = None
    for row in reader:
        if header is None:
            header = [cell.strip() for cell in row]
            continue
        rows.append((reader.line_num, row))
    if not header or not any(header):
        raise CourseError("grading.roster.empty", file=str(path))
    columns = _field_columns(header)
    id_field, id_index = _pick_id(header, columns, rows, id_column, path)
    lang_index = columns.get("lang")
    if lang_index is None and default_lang is None:
        raise CourseError("grading.roster.no_lang_column", file=str(path),
                          columns=", ".join(header))

    def cell(row, index):
        return row[index].strip() if index is not None and index < len(row) else ""

    students: dict[str, Student] = {}
    problems: list[tuple[int, str, dict]] = []
    for line, row in rows:
        if not any(c.strip() for c in row):
            continue
        student_id = cell(row, id_index)
        if not student_id:
            problems.append((line, "grading.roster.row.no_id", {"column": header[id_index]}))
            continue
        if student_id in students:
            problems.append((line, "grading.roster.row.duplicate",
                             {"id": student_id, "first": students[student_id].line}))
            continue
        raw_lang = cell(row, lang_index) if lang_index is not None else default_lang
        lang = normalise_lang(raw_lang) if raw_lang else None
        if lang is None:
            problems.append((line, "grading.roster.row.lang",
                             {"id": student_id, "value": raw_lang,
                              "choices": ", ".join(SUPPORTED)}))
            continue
        name = cell(row, columns.get("full")) or " ".join(
            p for p in (cell(row, columns.get("first")), cell(row, columns.get("last"))) if p)
        students[student_id] = Student(student_id, lang, name, cell(row, columns.get("email")),
                                       line)
    if problems:
        from ..i18n import t

        lines = "\n".join(t("grading.roster.row.line", line=line, problem=t(key, **values))
                          for line, key, values in problems)
        raise CourseError("grading.roster.bad_rows", file=str(path), count=len(problems),
                          rows=lines)
    if not students:
        raise CourseError("grading.roster.empty", file=str(path))
    return Roster(students, id_field, header[id_index], str(path))


def _pick_id(header, columns, rows, id_column, path):
    if id_column:
        wanted = id_column.strip().casefold()
        for index, name in enumerate(header):
            if name.casefold() == wanted:
                return _field_of(index, columns) or "column", index
        if wanted in columns and wanted in ID_FIELDS:
            return wanted, columns[wanted]
        raise CourseError("grading.roster.no_column", file=str(path), column=id_column,
                          columns=", ".join(header))
    for field in ID_FIELDS:
        index = columns.get(field)
        if index is not None and any(index < len(r) and r[index].strip() for _, r in rows):
            return field, index
    raise CourseError("grading.roster.no_id_column", file=str(path), columns=", ".join(header))


def _field_of(index, columns):
    return next((field for field, i in columns.items() if i == index), None)
