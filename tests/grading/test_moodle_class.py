"""A Moodle class graded end to end with one command: the "Download all submissions" zip and
the offline grading worksheet in, the filled worksheet and the feedback-files zip out, with a
late policy, an extension, an override, a similar pair, a student who handed in nothing, a
folder with two notebooks, one with only a document and one with only an archive.

The fixtures follow Moodle's formats (see :mod:`mcourse.grading.moodle` for the Moodle
source files they were checked against): ``fixtures/moodle/worksheet.csv`` is byte for byte
what ``mod/assign/gradingtable.php`` writes through ``dataformat_csv`` (UTF-8 with a
byte-order mark, PHP ``fputcsv`` quoting, ``\\n`` line ends, ``Participant <id>``, English
``userdate`` times); the zip's folders are named as ``mod/assign/classes/downloader.php``
names them (``<full name>_<participant id>_assignsubmission_file``, and one in the
3.1-4.0 style with a trailing ``_``).
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import re
import zipfile
from pathlib import Path

import nbformat
import pytest
from grading_helpers import submission, write_source

from mcourse.cli import main
from mcourse.grading.moodle import parse_part

FIXTURES = Path(__file__).parent / "fixtures" / "moodle"

HELPER = '''\
def running_totals(values):
    totals = []
    current = 0
    for value in values:
        current = current + value
        totals.append(current)
    return totals

check = running_totals([a, b, a * b])
assert check[-1] == a + b + a * b'''

HELPER_RENAMED = '''\
# my own helper
def sums_so_far(numbers):
    result = []
    acc = 0
    for n in numbers:
        acc = acc + n
        result.append(acc)
    return result

test = sums_so_far([a, b, a * b])
assert test[-1] == a + b + a * b'''


def _nb(sid, lang, **kw) -> bytes:
    return nbformat.writes(submission(sid, lang, **kw)).encode("utf-8")


def _download(path: Path) -> Path:
    """The zip Moodle's "Download all submissions" gives for the fixture class."""
    entries = {
        "Anna Kowalska_2101_assignsubmission_file/T1_s01.ipynb": _nb("s01", "pl"),
        "أمينة بن علي_2102_assignsubmission_file/واجب.ipynb": _nb("s02", "ar"),
        # Moodle 3.1-4.0 named the folder with a trailing "_"
        "Łukasz Żółć_2103_assignsubmission_file_/notebook (1).ipynb": _nb("s03", "pl"),
        "كريم حداد_2104_assignsubmission_file/my work.ipynb": _nb(
            "s04", "ar", answers={"q2": "q2 = -1.0"}, extra={"q1": HELPER}),
        "Zofia Wiśniewska_2105_assignsubmission_file/T1_s05.ipynb": _nb(
            "s05", "pl", extra={"q1": HELPER_RENAMED}),
        "Piotr Nowak_2107_assignsubmission_file/T1_s07.ipynb": _nb("s07", "pl"),
        "Piotr Nowak_2107_assignsubmission_file/T1_s07 (1).ipynb": _nb(
            "s07", "pl", answers={"q1": "q1 = 0"}),
        "سارة منصوري_2108_assignsubmission_file/notebook.zip": b"PK\x05\x06" + b"\x00" * 18,
        "سارة منصوري_2108_assignsubmission_file/ملاحظات.txt": "ملاحظات".encode(),
        "Jan Kowalczyk_2109_assignsubmission_file/praca.docx": b"PK\x03\x04docx",
        "Jan Kowalczyk_2109_assignsubmission_onlinetext/onlinetext.html": b"<p>Praca</p>",
        "readme.txt": b"not a participant's file",
        "../../escaped.txt": b"zip slip",
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return path


def _cli(*argv) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["--lang", "en", *map(str, argv)])
    return code, out.getvalue(), err.getvalue()


def _command(base: Path, *extra) -> list:
    return ["grade", base / "Course-T1-submissions.zip", "--worksheet",
            FIXTURES / "worksheet.csv", "--roster", FIXTURES / "participants.csv", "-o",
            base / "graded", "--assignment", base / "teacher" / "T1_source.ipynb",
            "--due", "2024-03-10", "--late-penalty", "10", "--last-day", "2024-03-20",
            "--extensions", FIXTURES / "extensions.csv", "--overrides", base / "overrides.csv",
            "--workers", "2", "--cell-timeout", "5", "--timeout", "40", "--memory", "512",
            "--output-kb", "64", "--no-progress", *extra]


def _csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _results(out: Path) -> dict[str, tuple[int, dict]]:
    found = {}
    for path in (out / "results").glob("*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        found[data["file"]] = (path.stat().st_mtime_ns, data)
    return found


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    base = tmp_path_factory.mktemp("moodle")
    write_source(base / "teacher" / "T1_source.ipynb")
    _download(base / "Course-T1-submissions.zip")
    (base / "overrides.csv").write_bytes((FIXTURES / "overrides.csv").read_bytes())
    code, stdout, stderr = _cli(*_command(base))
    assert code == 0, stderr
    out = base / "graded"
    first = _results(out)
    # a second run changes nothing and runs nothing
    again = _cli(*_command(base))
    assert again[0] == 0, again[2]
    upload = out / "upload"
    return {"base": base, "out": out, "stdout": stdout, "stderr": stderr, "first": first,
            "again": again[1], "after_again": _results(out),
            "worksheet": (upload / "worksheet.csv").read_bytes(),
            "rows": {r["Identifier"]: r for r in _csv(upload / "worksheet.csv")},
            "status": _csv(out / "status.csv"), "book": _csv(out / "gradebook.csv"),
            "zip": zipfile.ZipFile(upload / "feedback-files.zip")}


def test_worksheet_keeps_moodles_bytes_except_grades_and_comments(graded):
    original = (FIXTURES / "worksheet.csv").read_bytes()
    written = graded["worksheet"]
    assert written.startswith(b"\xef\xbb\xbf")  # the byte-order mark Moodle writes
    lines, before = written[3:].decode("utf-8").split("\n"), original[3:].decode(
        "utf-8").split("\n")
    assert lines[0] == before[0]  # the header, quoting included
    assert len(lines) == len(before) and lines[-1] == ""
    for new, old in zip(lines[1:-1], before[1:-1], strict=True):
        new_cells = next(csv.reader([new]))
        old_cells = next(csv.reader([old]))
        assert new_cells[:4] == old_cells[:4] and new_cells[5:9] == old_cells[5:9]
        assert not new.endswith("\r")


def test_grades_in_the_worksheet(graded):
    rows = graded["rows"]
    grade = {pid: rows[f"Participant {pid}"]["Grade"] for pid in range(2101, 2110)}
    assert grade[2101] == "10"  # 4/4 points, Moodle's maximum is 10.00: scaled
    assert grade[2102] == "8"  # 2 days late (due 10 March, handed in 12 March 9:00): -20 %
    assert grade[2103] == "10"  # late against the class, on time with the extension
    assert grade[2104] == "10"  # q2 wrong, the teacher's override gives its 2 points back
    assert grade[2105] == "10"
    assert grade[2106] == ""  # handed in nothing: no grade, Moodle skips it
    assert grade[2107] == ""  # two notebooks: the teacher chooses
    assert grade[2108] == ""  # an archive instead of the notebook
    assert grade[2109] == ""  # a .docx only
    for row in rows.values():
        if row["Grade"]:
            assert re.fullmatch(r"\d+(\.\d{1,2})?", row["Grade"])  # a dot, never a comma
            assert float(row["Grade"]) <= float(row["Maximum Grade"])


def test_feedback_comments_in_each_students_language(graded):
    rows = graded["rows"]
    assert rows["Participant 2101"]["Feedback comments"].startswith("Wynik: 4/4 pkt.")
    assert "Uwaga prowadzącego: Bardzo czytelny kod" in rows["Participant 2101"][
        "Feedback comments"]
    late = rows["Participant 2102"]["Feedback comments"]
    assert "النتيجة: 3,2/4 نقطة." in late and "تأخر التسليم يومين" in late
    assert "الفكرة صحيحة" in rows["Participant 2104"]["Feedback comments"]
    assert "ipynb" in rows["Participant 2109"]["Feedback comments"]
    assert "praca.docx" in rows["Participant 2109"]["Feedback comments"]
    assert rows["Participant 2106"]["Feedback comments"] == ""


def test_feedback_zip_in_moodles_folder_structure(graded):
    names = sorted(graded["zip"].namelist())
    folders = {name.split("/")[0] for name in names}
    assert "Anna Kowalska_2101_assignsubmission_file" in folders
    assert "Łukasz Żółć_2103_assignsubmission_file_" in folders  # the download's own name
    assert "أمينة بن علي_2102_assignsubmission_file" in folders
    for name in names:  # what Moodle's importer reads: the participant id in a path part
        assert parse_part(name.split("/")[0])[1] in {str(p) for p in range(2101, 2110)}
        assert name.endswith(".html")
    assert not any("2106" in name for name in names)  # nothing handed in, no feedback file
    piotr = [n for n in names if "_2107_" in n]
    assert len(piotr) == 2  # both notebooks have their report
    page = graded["zip"].read("أمينة بن علي_2102_assignsubmission_file/T1-report.html").decode()
    assert 'lang="ar" dir="rtl"' in page
    assert "سُلّم متأخرا بيومين" in page and "3,2" in page  # how lateness changed the score
    karim = graded["zip"].read("كريم حداد_2104_assignsubmission_file/T1-report.html").decode()
    assert "حدّد الأستاذ هذه النقاط" in karim and "الفكرة صحيحة" in karim  # the override
    piotr_page = graded["zip"].read("Piotr Nowak_2107_assignsubmission_file/T1-report.html")
    assert 'lang="pl"' in piotr_page.decode()


def test_status_and_gradebook_as_before(graded):
    status = {row["id"]: row for row in graded["status"] if row["id"]}
    assert set(status["s02"]["status"].split()) >= {"late"}
    assert "extension" in status["s03"]["status"].split()
    assert "late" not in status["s03"]["status"].split()
    assert "override" in status["s04"]["status"].split()
    assert status["s06"]["status"] == "no_submission"
    assert "archive_inside" in status["s08"]["status"]
    assert "no_notebook" in status["s09"]["status"]
    assert "duplicate" in status["s07"]["status"]
    book = {row["ID number"]: row for row in graded["book"]}
    assert list(graded["book"][0]) == ["ID number", "T1 q1", "T1 q2", "T1 q3", "T1 total"]
    assert book["s04"]["T1 q2"] == "2" and book["s04"]["T1 total"] == "4"  # the override
    assert book["s02"]["T1 total"] == "3.2" and book["s02"]["T1 q2"] == "2"  # penalty on total
    assert book["s06"]["T1 total"] == "" and book["s07"]["T1 total"] == ""
    assert set(book) == {f"s0{n}" for n in range(1, 10)}


def test_problems_are_reported_never_dropped(graded):
    stderr = graded["stderr"]
    assert "readme.txt" in stderr  # not in a participant folder
    assert "escaped.txt" in stderr and "leads out of the folder" in stderr
    assert not (graded["base"].parent / "escaped.txt").exists()
    assert not any(p.name == "escaped.txt" for p in graded["out"].rglob("*"))
    assert "Piotr Nowak" in stderr and "more than one notebook" in stderr


def test_similar_pair_reported_for_the_teacher_only(graded):
    page = (graded["out"] / "similarity.html").read_text(encoding="utf-8")
    assert "s04" in page and "s05" in page and "<mark>" in page
    pairs = re.findall(r"<h2 id='pair\d+'>(.*?)</h2>", page)
    assert len(pairs) == 1  # the plain one-line solutions are not flagged
    assert "كريم حداد" in pairs[0] and "Zofia Wiśniewska" in pairs[0]
    assert "running_totals" in page and "sums_so_far" in page  # the cells side by side
    assert "1 pair to read" in graded["stdout"]
    report = graded["zip"].read("Zofia Wiśniewska_2105_assignsubmission_file/T1-report.html")
    assert b"similar" not in report.lower() and b"podobie" not in report


def test_overview_page(graded):
    page = (graded["out"] / "overview.html").read_text(encoding="utf-8")
    assert '<html lang="en" dir="ltr">' in page
    assert page.count("data:image/png;base64,") == 4  # q1, q2, q3 and the total
    numbers = dict(re.findall(r"<tr><th>(.*?)</th><td><bdi>(\d+)</bdi></td></tr>", page))
    assert numbers["Students in the class list"] == "9"
    assert numbers["Late"] == "1" and numbers["Handed in nothing"] == "1"
    assert numbers["With points set by the teacher"] == "1"
    assert "no notebook among the files" in page and "an archive instead of the notebook" in page


def test_second_run_reuses_everything(graded):
    assert graded["after_again"] == graded["first"]
    assert "Graded 0 files (9 reused" in graded["again"]


def test_only_one_student_and_a_changed_override(graded):
    base, out = graded["base"], graded["out"]
    (base / "overrides.csv").write_text("student,question,points,comment\n"
                                        "Anna Kowalska,total,3,Plagiat fragmentu\n",
                                        encoding="utf-8")
    before = _results(out)
    code, stdout, stderr = _cli(*_command(base, "--only", "Participant 2105"))
    assert code == 0, stderr
    after = _results(out)
    changed = {f for f in after if after[f][0] != before[f][0]}
    assert len(changed) == 1 and next(iter(changed)).startswith("2105/")
    assert "Graded 1 files (8 reused" in stdout
    rows = {r["Identifier"]: r for r in _csv(out / "upload" / "worksheet.csv")}
    assert rows["Participant 2101"]["Grade"] == "7.5"  # 3/4 of 10, the teacher's total
    assert rows["Participant 2104"]["Grade"] == "5"  # override gone: q2 (2 of 4) wrong again
