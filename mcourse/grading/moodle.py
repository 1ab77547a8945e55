"""Moodle's own files, read and written as Moodle writes and reads them.

A teacher on Moodle grades offline with three files of the assignment:

* the **"Download all submissions"** zip: one folder per participant named
  ``<full name>_<participant id>_assignsubmission_file`` (Moodle >= 4.1; with a trailing
  ``_`` in 3.1-4.0), or, without "Download submissions in folders", flat files named
  ``<full name>_<participant id>_assignsubmission_file_<file name>``. Moodle replaces
  ``_`` in the full name by a space, so the participant id is the second ``_`` field
  (``mod/assign/classes/downloader.php``: ``get_student_prefix`` and
  ``load_submissionplugin_filelist``; before 4.1 ``download_submissions`` in
  ``mod/assign/locallib.php``). The participant id is the assignment's own number
  (``assign::get_uniqueid_for_user``), not the user id;
* the **offline grading worksheet** (``mod/assign/gradingtable.php`` in download mode,
  written by ``dataformat/csv`` through OpenSpout, ``lib/openspout/src/Writer/CSV``):
  UTF-8 with a byte-order mark, ``,`` between fields, PHP ``fputcsv`` quoting (a field is
  quoted when it holds ``,``, ``"``, a space, a tab or a line break), ``\\n`` line ends.
  Columns: ``Identifier`` (``Participant <id>``), ``Full name``, the identity fields the
  site shows (``Email address``...), ``Status``, ``Grade``, ``Maximum Grade`` (always right
  after ``Grade``), ``Grade can be changed``, ``Last modified (submission)`` (the
  teacher's ``userdate()``: ``Tuesday, 5 March 2024, 2:30 PM`` in English), ``Last
  modified (grade)`` and one column per enabled feedback field (``Feedback comments``).
  Headers are in the teacher's interface language; the English, Polish and Arabic
  names of Moodle's language packs are known here, others are found by the layout;
* its **upload** (``mod/assign/feedback/offline/importgradeslib.php`` and
  ``locallib.php``): the identifier is read as the digits after ``Participant``; the grade
  goes through ``unformat_float``, which turns the interface's decimal separator into a
  dot, so a dot is read right in every language (a comma only where the interface
  writes one). An empty grade is skipped, a grade above the maximum is skipped, and a
  row whose ``Last modified (grade)`` is older than the grade in Moodle is skipped, so
  that column is written back untouched;
* the **feedback files zip** (``mod/assign/feedback/file/importziplib.php``): any path
  part ``<name>_<participant id>_<plugin type>_<plugin name>`` names the participant, so
  the download's folder names are reused for each student's report.
"""

from __future__ import annotations

import csv
import io
import re
import stat
import unicodedata
import zipfile
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from ..errors import CourseError

PLUGIN_PART = re.compile(
    r"^(?P<name>[^_]*)_(?P<pid>\d+)_(?P<plugin>assign(?:submission|feedback)_[A-Za-z0-9]+)"
    r"(?:_(?P<rest>.*))?$")
"""One path part of a submissions download (the importer splits it on ``_`` the same way)."""

SKIP_NAMES = {".ipynb_checkpoints", "__MACOSX", ".DS_Store", "Thumbs.db", "desktop.ini"}

MAX_MEMBERS = 20_000
"""More entries than this in one zip is not a class's download: nothing is extracted."""

MAX_TOTAL_BYTES = 2_000_000_000
"""Uncompressed bytes extracted from one download at most (a zip bomb stops here)."""


# --- the submissions download -----------------------------------------------------------

@dataclass
class SubmittedFile:
    """One file of a participant's folder: its path inside the folder and its bytes."""

    name: str
    data: bytes | None
    size: int
    skipped: str | None = None  # why the bytes were not read ("too_large", "symlink")

    @property
    def kind(self) -> str:
        lower = self.name.lower()
        if lower.endswith(".ipynb"):
            return "notebook"
        if lower.endswith((".zip", ".7z", ".rar", ".tar", ".gz", ".tgz")):
            return "archive"
        return "other"


@dataclass
class Folder:
    """Everything one participant handed in, as the download holds it."""

    pid: str
    name: str
    folder: str  # the download's folder name (reused in the feedback zip)
    files: list[SubmittedFile] = field(default_factory=list)

    def of_kind(self, kind: str) -> list[SubmittedFile]:
        return [f for f in self.files if f.kind == kind and f.skipped is None]


@dataclass
class Download:
    """A "Download all submissions" zip (or its unpacked folder), read safely."""

    source: Path
    folders: dict[str, Folder]
    unrecognised: list[str] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)  # (entry, reason)


def parse_part(part: str):
    """``"Anna Nowak_17_assignsubmission_file_"`` → ``("Anna Nowak", "17", rest)``."""
    match = PLUGIN_PART.match(part)
    if not match:
        return None
    return match.group("name").strip(), match.group("pid"), match.group("rest") or ""


def _member_name(info: zipfile.ZipInfo) -> str:
    """The entry's name as the student's computer wrote it.

    Moodle's zip writer flags UTF-8 names; a zip re-packed on Windows without that flag
    holds UTF-8 bytes that Python decodes as cp437, which is undone here.
    """
    name = info.filename
    if not info.flag_bits & 0x800:
        try:
            name = name.encode("cp437").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            pass
    return unicodedata.normalize("NFC", name.replace("\\", "/"))


def safe_parts(name: str) -> list[str] | None:
    """The parts of an archive path, or ``None`` if it could point outside the folder."""
    if "\x00" in name or name.startswith("/") or re.match(r"^[A-Za-z]:", name):
        return None
    parts = [p for p in name.split("/") if p not in ("", ".")]
    if not parts or any(p == ".." for p in parts):
        return None
    return parts


def _place(download: Download, parts: list[str], file: SubmittedFile) -> None:
    """File an entry under its participant (folder layout, flat layout, or a wrapper)."""
    if any(p in SKIP_NAMES or p.startswith("._") for p in parts):
        return
    for index, part in enumerate(parts):
        found = parse_part(part)
        if not found:
            continue
        name, pid, rest = found
        inside = parts[index + 1:]
        if index == len(parts) - 1:  # flat layout: the file name carries the prefix
            if not rest:
                break
            inside = [rest]
            folder_name = part[: len(part) - len(rest) - 1]
        else:
            folder_name = part
            if rest:  # Moodle < 3.1 flat name used as a folder: keep the tail
                inside = [rest] + inside
        entry = download.folders.setdefault(pid, Folder(pid, name, folder_name))
        if "_assignsubmission_file" not in entry.folder and "_assignsubmission_file" in \
                folder_name:
            entry.folder = folder_name  # the file plugin's folder names the feedback folder
        file.name = "/".join(inside)
        entry.files.append(file)
        return
    download.unrecognised.append("/".join(parts))


def read_download(path, max_file_bytes: int = 20_000_000) -> Download:
    """Read a submissions download (a ``.zip`` or the folder it unpacks to).

    Nothing is written to disk here. Entries whose path could leave the folder
    (``..``, absolute, drive letters), links and special files are refused; a file larger
    than ``max_file_bytes`` (declared or actually read) keeps its name but not its bytes;
    reading stops at :data:`MAX_TOTAL_BYTES`. Archives inside a folder are not opened.
    """
    path = Path(path)
    if path.is_dir():
        return _read_folder(path, max_file_bytes)
    if not path.is_file():
        raise CourseError("grading.moodle.no_download", path=str(path))
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise CourseError("grading.moodle.bad_zip", path=str(path), detail=str(exc)[:200]) \
            from None
    download = Download(path, {})
    with archive:
        members = archive.infolist()
        if len(members) > MAX_MEMBERS:
            raise CourseError("grading.moodle.too_many_entries", path=str(path),
                              count=len(members), limit=MAX_MEMBERS)
        total = 0
        for info in members:
            if info.is_dir():
                continue
            name = _member_name(info)
            parts = safe_parts(name)
            if parts is None:
                download.refused.append((name, "unsafe_path"))
                continue
            kind = stat.S_IFMT(info.external_attr >> 16)  # 0 when the zip records no type
            if kind and kind != stat.S_IFREG:  # links, devices, pipes
                download.refused.append((name, "not_a_file"))
                continue
            file = SubmittedFile(parts[-1], None, info.file_size)
            if info.file_size > max_file_bytes:
                file.skipped = "too_large"
            elif total + info.file_size > MAX_TOTAL_BYTES:
                download.refused.append((name, "total_size"))
                continue
            else:
                try:
                    with archive.open(info) as handle:
                        data = handle.read(max_file_bytes + 1)
                except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError,
                        EOFError) as exc:
                    download.refused.append((name, f"unreadable: {str(exc)[:80]}"))
                    continue
                if len(data) > max_file_bytes:  # the zip lied about the size
                    file.skipped, data = "too_large", None
                else:
                    total += len(data)
                file.data = data
            _place(download, parts, file)
    return download


def _read_folder(root: Path, max_file_bytes: int) -> Download:
    download = Download(root, {})
    total = 0
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        parts = [unicodedata.normalize("NFC", p) for p in relative.parts]
        if path.is_symlink():
            download.refused.append(("/".join(parts), "not_a_file"))
            continue
        if path.is_dir():
            continue
        if not path.is_file():
            download.refused.append(("/".join(parts), "not_a_file"))
            continue
        size = path.stat().st_size
        file = SubmittedFile(parts[-1], None, size)
        if size > max_file_bytes:
            file.skipped = "too_large"
        elif total + size > MAX_TOTAL_BYTES:
            download.refused.append(("/".join(parts), "total_size"))
            continue
        else:
            file.data = path.read_bytes()
            total += size
        _place(download, parts, file)
    return download


# --- the grading worksheet ---------------------------------------------------------------

ROLE_NAMES = {
    "identifier": ("Identifier", "identyfikator", "المُعرَّف"),
    "fullname": ("Full name", "Pełna nazwa", "الاسم الكامل"),
    "email": ("Email address", "E-mail", "البريد الإلكتروني"),
    "status": ("Status", "الحالة"),
    "grade": ("Grade", "Ocena"),
    "maxgrade": ("Maximum Grade", "Maksymalna ocena", "أقصى علامة"),
    "submitted": ("Last modified (submission)", "Ostatnia modyfikacja (przesłane rozwiązanie)",
                  "آخر تعديل (التسليم)", "Dernière modification (travail remis)"),
    "graded": ("Last modified (grade)", "Ostatnia aktualizacja (ocena)", "آخر تعديل (التقدير)",
               "آخر تعديل (العلامة)", "Dernière modification (note)"),
    "comments": ("Feedback comments", "Komentarz zwrotny"),
}
"""Column headers of the worksheet in Moodle's English, Polish (4.0) and Arabic (3.11)
language packs (``mod/assign/lang/*/assign.php``: recordid, fullnameuser, maxgrade,
lastmodifiedsubmission, lastmodifiedgrade; ``assignfeedback_comments``: pluginname)."""

_TASHKEEL = re.compile("[\u064b-\u0652\u0670\u0640]")


def _header_key(text: str) -> str:
    text = unicodedata.normalize("NFC", text.replace("\ufeff", "")).strip().casefold()
    return " ".join(_TASHKEEL.sub("", text).split())


_ROLE_OF = {_header_key(name): role for role, names in ROLE_NAMES.items() for name in names}


@dataclass
class WorksheetRow:
    """One participant's row of the worksheet."""

    line: int
    cells: list[str]
    pid: str
    name: str
    email: str
    submitted_text: str
    max_grade: float | None


@dataclass
class Worksheet:
    """A grading worksheet as Moodle wrote it (kept whole so it is written back alike)."""

    path: Path
    header: list[str]
    rows: list[WorksheetRow]
    columns: dict[str, int]

    def by_pid(self) -> dict[str, WorksheetRow]:
        return {row.pid: row for row in self.rows}

    @property
    def max_grade(self) -> float | None:
        values = {row.max_grade for row in self.rows if row.max_grade is not None}
        return max(values) if values else None


def parse_grade(text: str) -> float | None:
    """A grade as Moodle's ``unformat_float`` reads it, with either decimal separator.

    ``"10,00"`` and ``"10.00"`` → 10.0; ``""`` and ``"-"`` → ``None`` (no grade).
    """
    value = str(text).strip().replace(" ", "").replace("\u00a0", "")
    if value in ("", "-"):
        return None
    if "," in value and "." in value:  # 1.234,5 (Polish thousands) or 1,234.5
        value = value.replace(".", "").replace(",", ".") if value.rfind(",") > value.rfind(
            ".") else value.replace(",", "")
    value = value.replace(",", ".")
    try:
        return float(value)
    except ValueError:
        return None


def format_grade(value: float) -> str:
    """A grade for the upload: a dot as decimal separator (read right by ``unformat_float``
    whatever the interface language), at most 2 decimals, no thousands separator."""
    text = f"{round(float(value) + 0.0, 2):.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _decode(path: Path) -> tuple[str, bool]:
    data = path.read_bytes()
    bom = data.startswith(b"\xef\xbb\xbf")
    try:
        return data.decode("utf-8-sig"), bom
    except UnicodeDecodeError as exc:
        raise CourseError("grading.moodle.worksheet_encoding", file=str(path),
                          position=exc.start) from None


def _looks_like_identifier(values: list[str]) -> bool:
    filled = [v for v in values if v.strip()]
    return bool(filled) and all(re.fullmatch(r"\D+\s*\d+", v.strip()) for v in filled)


def _same_number(values: list[str]) -> bool:
    numbers = {parse_grade(v) for v in values if v.strip()}
    return len(numbers) == 1 and None not in numbers


def _looks_like_dates(values: list[str]) -> bool:
    filled = [v for v in values if v.strip() and v.strip() != "-"]
    if not filled:
        return False
    try:
        for v in filled:
            parse_moodle_date(v)
    except ValueError:
        return False
    return True


def _find_columns(header: list[str], rows: list[list[str]]) -> dict[str, int]:
    """Columns by header name; where a name is not known, by Moodle's fixed layout."""
    columns: dict[str, int] = {}
    for index, name in enumerate(header):
        role = _ROLE_OF.get(_header_key(name))
        if role and role not in columns:
            columns[role] = index

    def values(index):
        return [r[index] if index < len(r) else "" for r in rows]

    if "identifier" not in columns and header and _looks_like_identifier(values(0)):
        columns["identifier"] = 0
    if "maxgrade" not in columns and "grade" in columns and columns["grade"] + 1 < len(header) \
            and _same_number(values(columns["grade"] + 1)):
        columns["maxgrade"] = columns["grade"] + 1
    if "maxgrade" not in columns:
        start = columns.get("identifier", 0) + 2
        for index in range(start, len(header)):
            if _same_number(values(index)) and index > 0:
                columns["maxgrade"] = index
                break
    if "grade" not in columns and columns.get("maxgrade", 0) > 0:
        columns["grade"] = columns["maxgrade"] - 1  # gradingtable.php: grade, then grademax
    if "fullname" not in columns and columns.get("identifier") == 0 and len(header) > 1:
        columns["fullname"] = 1
    if "email" not in columns:
        for index in range(len(header)):
            filled = [v for v in values(index) if v.strip()]
            if filled and all("@" in v for v in filled):
                columns["email"] = index
                break
    if "submitted" not in columns:
        for index in range(columns.get("maxgrade", 0) + 1, len(header)):
            if _looks_like_dates(values(index)):
                columns["submitted"] = index
                break
    return columns


def read_worksheet(path) -> Worksheet:
    """Read a grading worksheet; a file Moodle could not have written is a ``CourseError``."""
    path = Path(path)
    if not path.is_file():
        raise CourseError("grading.moodle.no_worksheet", file=str(path))
    text, _bom = _decode(path)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    header, raw = None, []
    for row in reader:
        if header is None:
            header = [cell.strip() for cell in row]
            continue
        if any(cell.strip() for cell in row):
            raw.append((reader.line_num, row))
    if not header:
        raise CourseError("grading.moodle.worksheet_columns", file=str(path), missing="-",
                          columns="-")
    columns = _find_columns(header, [r for _, r in raw])
    missing = [ROLE_NAMES[role][0] for role in ("identifier", "grade", "maxgrade")
               if role not in columns]
    if missing:
        raise CourseError("grading.moodle.worksheet_columns", file=str(path),
                          missing=", ".join(missing), columns=", ".join(header))

    def cell(row, role):
        index = columns.get(role)
        return row[index].strip() if index is not None and index < len(row) else ""

    rows, bad = [], []
    for line, row in raw:
        row = row + [""] * (len(header) - len(row))
        match = re.search(r"(\d+)\s*$", cell(row, "identifier"))
        if not match:
            bad.append(line)
            continue
        rows.append(WorksheetRow(line, row, match.group(1), cell(row, "fullname"),
                                 cell(row, "email"), cell(row, "submitted"),
                                 parse_grade(cell(row, "maxgrade"))))
    if bad:
        raise CourseError("grading.moodle.worksheet_identifier", file=str(path),
                          column=header[columns["identifier"]],
                          lines=", ".join(map(str, bad)))
    return Worksheet(path, header, rows, columns)


def php_csv_line(fields: list[str]) -> str:
    """One line as PHP's ``fputcsv`` writes it (OpenSpout: ``,``, ``"``, no escape char)."""
    out = []
    for value in fields:
        value = "" if value is None else str(value)
        if any(c in value for c in ',"\n\r\t '):
            value = '"' + value.replace('"', '""') + '"'
        out.append(value)
    return ",".join(out) + "\n"


def worksheet_text(worksheet: Worksheet, grades: dict[str, str],
                   comments: dict[str, str]) -> bytes:
    """The worksheet with ``Grade`` (and ``Feedback comments``, if the column exists) set
    for the participants in ``grades``/``comments``; every other cell as Moodle wrote it.
    UTF-8 with a byte-order mark, as Moodle's own download."""
    grade_col = worksheet.columns["grade"]
    comment_col = worksheet.columns.get("comments")
    lines = [php_csv_line(worksheet.header)]
    for row in worksheet.rows:
        cells = list(row.cells)
        if row.pid in grades:
            cells[grade_col] = grades[row.pid]
        if comment_col is not None and row.pid in comments:
            cells[comment_col] = comments[row.pid]
        lines.append(php_csv_line(cells[: len(worksheet.header)]))
    return b"\xef\xbb\xbf" + "".join(lines).encode("utf-8")


# --- dates as Moodle's userdate() writes them ----------------------------------------------

MONTHS = {
    1: ("january", "jan", "styczeń", "stycznia", "janvier", "janv", "يناير", "جانفي",
        "كانون الثاني", "ينار"),
    2: ("february", "feb", "luty", "lutego", "février", "fevrier", "févr", "فبراير", "فيفري",
        "شباط"),
    3: ("march", "mar", "marzec", "marca", "mars", "مارس", "آذار", "اذار"),
    4: ("april", "apr", "kwiecień", "kwietnia", "avril", "avr", "أبريل", "ابريل", "أفريل",
        "افريل", "نيسان"),
    5: ("may", "maj", "maja", "mai", "مايو", "ماي", "أيار", "ايار"),
    6: ("june", "jun", "czerwiec", "czerwca", "juin", "يونيو", "يونيه", "جوان", "حزيران"),
    7: ("july", "jul", "lipiec", "lipca", "juillet", "juil", "يوليو", "يوليه", "جويلية",
        "تموز"),
    8: ("august", "aug", "sierpień", "sierpnia", "août", "aout", "أغسطس", "اغسطس", "أوت",
        "اوت", "آب", "اب"),
    9: ("september", "sep", "sept", "wrzesień", "września", "septembre", "سبتمبر", "أيلول",
        "ايلول"),
    10: ("october", "oct", "październik", "października", "octobre", "أكتوبر", "اكتوبر",
         "تشرين الأول", "تشرين الاول"),
    11: ("november", "nov", "listopad", "listopada", "novembre", "نوفمبر", "تشرين الثاني"),
    12: ("december", "dec", "grudzień", "grudnia", "décembre", "decembre", "déc", "ديسمبر",
         "كانون الأول", "كانون الاول"),
}
"""Month names in the forms Moodle's English, Polish (nominative and genitive), French
and Arabic (Egyptian/Gulf, Maghreb and Levant names) interfaces write."""

_MONTH_WORDS = sorted(((name, month) for month, names in MONTHS.items() for name in names),
                      key=lambda item: -len(item[0]))
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_PM = ("pm", "p.m.", "م", "مساء")
_AM = ("am", "a.m.", "ص", "صباحا")


def _end_of_day(day: datetime) -> datetime:
    return day.replace(hour=23, minute=59, second=59)


def parse_moodle_date(text: str, end_of_day: bool = False) -> datetime | None:
    """A date and time as Moodle shows it, or as a teacher types it.

    ``"Tuesday, 5 March 2024, 2:30 PM"``, ``"wtorek, 5 marca 2024, 14:30"``,
    ``"الثلاثاء، 5 مارس 2024، 2:30 م"``, ``"2024-03-05 14:30"``, ``"05.03.2024 14:30"``.
    ``""`` and ``"-"`` (nothing submitted) → ``None``; anything else raises ``ValueError``.
    Times are in the teacher's time zone, as Moodle shows them; a date without a time
    is the start of that day (``end_of_day=True``: 23:59:59).
    """
    raw = str(text)
    value = unicodedata.normalize("NFC", raw).translate(_DIGITS).strip().casefold()
    value = value.replace("\u060c", ",").replace("\u200f", "").replace("\u200e", "")
    if value in ("", "-"):
        return None
    hour = minute = None
    iso = re.search(r"(\d{4})-(\d{1,2})-(\d{1,2})", value)
    numeric = re.search(r"\b(\d{1,2})[./-](\d{1,2})[./-](\d{4})\b", value)
    rest = value
    if iso:
        year, month, day = (int(g) for g in iso.groups())
        rest = value.replace(iso.group(0), " ", 1)
    elif numeric:
        day, month, year = (int(g) for g in numeric.groups())
        rest = value.replace(numeric.group(0), " ", 1)
    time = re.search(r"(?<!\d)(\d{1,2})[:h](\d{2})(?::\d{2})?\s*([^\W\d_]+\.?[^\W\d_]*\.?)?",
                     rest)
    if not (iso or numeric):
        month = None
        for word, number in _MONTH_WORDS:
            if re.search(rf"(?<![^\W\d_]){re.escape(word)}\.?(?![^\W\d_])", value):
                month = number
                rest = re.sub(rf"(?<![^\W\d_]){re.escape(word)}", " ", value, count=1)
                break
        years = re.findall(r"\b(\d{4})\b", rest)
        if month is None or not years:
            raise ValueError(f"not a date: {raw!r}")
        year = int(years[0])
        rest = rest.replace(years[0], " ", 1)
        if time:
            rest = rest.replace(time.group(0), " ", 1)
        days = re.findall(r"\b(\d{1,2})\b", rest)
        if not days:
            raise ValueError(f"not a date: {raw!r}")
        day = int(days[0])
    if time:
        hour, minute = int(time.group(1)), int(time.group(2))
        marker = (time.group(3) or "").strip()
        if marker in _PM and hour < 12:
            hour += 12
        elif marker in _AM and hour == 12:
            hour = 0
    try:
        moment = datetime(year, month, day)
    except ValueError:
        raise ValueError(f"not a date: {raw!r}") from None
    if hour is not None:
        if hour > 23 or minute > 59:
            raise ValueError(f"not a time: {raw!r}")
        return moment + timedelta(hours=hour, minutes=minute)
    return _end_of_day(moment) if end_of_day else moment


# --- the feedback files zip --------------------------------------------------------------

FIXED_TIME = (2020, 1, 1, 0, 0, 0)
"""Entry time in the feedback zip, so the same reports give the same zip byte for byte."""


def feedback_zip(entries: list[tuple[str, str, bytes]]) -> bytes:
    """A zip for "Upload multiple feedback files in a zip": ``(folder, file name, bytes)``.

    Each folder is the participant's folder name from the download
    (``<name>_<participant id>_assignsubmission_file``), which the importer reads the
    participant id from; names are stored as UTF-8 (flagged), so Arabic and Polish names
    survive.
    """
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for folder, name, data in sorted(entries):
            info = zipfile.ZipInfo(f"{folder}/{name}", date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()


def folder_for(pid: str, fullname: str) -> str:
    """The folder name Moodle (>= 4.1) gives a participant: ``<name>_<id>_assignsubmission_file``.

    As ``clean_filename`` does, characters a file name cannot hold are removed, and
    ``_`` in the name becomes a space.
    """
    name = re.sub(r'[\x00-\x1f/\\:*?"<>|]', "", fullname.replace("_", " ")).strip()
    return f"{name}_{pid}_assignsubmission_file"
