"""Moodle's formats read and written exactly, without running any notebook.

Checked against Moodle's source (``moodle/moodle``): folder names from
``mod/assign/classes/downloader.php`` (and ``download_submissions`` in
``mod/assign/locallib.php`` before 4.1), the participant id as the feedback importer reads
it (``mod/assign/feedback/file/importziplib.php``), the worksheet's columns from
``mod/assign/gradingtable.php``, its CSV from ``lib/openspout/src/Writer/CSV/Writer.php``
(BOM, ``fputcsv``), grades as ``unformat_float`` reads them
(``mod/assign/feedback/offline/locallib.php``), and the Polish (4.0) and Arabic (3.11)
language packs' column names and date formats (``langconfig.php``).
"""

from __future__ import annotations

import io
import stat
import zipfile
from datetime import datetime
from pathlib import Path

import nbformat
import pytest
from grading_helpers import submission, write_source

from mcourse.errors import CourseError
from mcourse.grading import similarity
from mcourse.grading.assignment import load_assignment
from mcourse.grading.classroom import _Adjuster, _Class, _Staged
from mcourse.grading.lateness import LatePolicy, lateness, read_extensions
from mcourse.grading.moodle import (
    feedback_zip,
    format_grade,
    parse_grade,
    parse_moodle_date,
    parse_part,
    php_csv_line,
    read_download,
    read_worksheet,
    worksheet_text,
)
from mcourse.grading.overrides import read_overrides
from mcourse.grading.release import student_template
from mcourse.grading.roster import read_roster

FIXTURES = Path(__file__).parent / "fixtures" / "moodle"


# --- the download -------------------------------------------------------------------------

@pytest.mark.parametrize(("part", "expected"), [
    ("Anna Kowalska_2101_assignsubmission_file", ("Anna Kowalska", "2101", "")),
    ("Łukasz Żółć_2103_assignsubmission_file_", ("Łukasz Żółć", "2103", "")),
    ("أمينة بن علي_2102_assignsubmission_file_واجب.ipynb", ("أمينة بن علي", "2102", "واجب.ipynb")),
    ("Participant_2104_assignsubmission_onlinetext", ("Participant", "2104", "")),
    ("T1_s01.ipynb", None),
    ("notes_12_other_thing", None),
])
def test_folder_names(part, expected):
    assert parse_part(part) == expected


def _zip(entries, path: Path) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:  # a name or a ZipInfo (to set a link's mode)
            archive.writestr(name, data)
    return path


def test_download_layouts_and_attacks(tmp_path):
    link = zipfile.ZipInfo("Eve Evil_9_assignsubmission_file/link.ipynb")
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    bomb = b"\x00" * 3_000_000  # compresses to a few kB
    path = _zip([
        ("Anna Kowalska_2101_assignsubmission_file/sub/T1.ipynb", b"{}"),
        ("Łukasz Żółć_2103_assignsubmission_file_/x.ipynb", b"{}"),
        ("أمينة بن علي_2102_assignsubmission_file_واجب.ipynb", b"{}"),  # flat download
        ("course-T1-77/Zofia Wiśniewska_2105_assignsubmission_file/z.ipynb", b"{}"),  # re-zipped
        ("Zofia Wiśniewska_2105_assignsubmission_onlinetext/onlinetext.html", b"<p/>"),
        ("Piotr Nowak_2107_assignsubmission_file/big.ipynb", bomb),
        ("../../outside.ipynb", b"{}"),
        ("/etc/passwd", b"x"),
        ("C:/Windows/x.ipynb", b"x"),
        (link, b"/etc/passwd"),
        ("__MACOSX/._x", b"x"),
        ("loose.txt", b"x"),
    ], tmp_path / "download.zip")
    download = read_download(path, max_file_bytes=1_000_000)
    folders = download.folders
    assert sorted(folders) == ["2101", "2102", "2103", "2105", "2107"]
    assert folders["2101"].files[0].name == "sub/T1.ipynb"
    assert folders["2101"].folder == "Anna Kowalska_2101_assignsubmission_file"
    assert folders["2103"].folder == "Łukasz Żółć_2103_assignsubmission_file_"
    assert folders["2102"].files[0].name == "واجب.ipynb"
    assert folders["2102"].folder == "أمينة بن علي_2102_assignsubmission_file"
    assert folders["2105"].name == "Zofia Wiśniewska"
    assert folders["2105"].folder.endswith("_assignsubmission_file")  # not the online text's
    assert sorted(f.name for f in folders["2105"].files) == ["onlinetext.html", "z.ipynb"]
    big = folders["2107"].files[0]
    assert big.skipped == "too_large" and big.data is None and big.size == len(bomb)
    assert folders["2107"].of_kind("notebook") == []
    refused = dict(download.refused)
    assert refused == {"../../outside.ipynb": "unsafe_path", "/etc/passwd": "unsafe_path",
                       "C:/Windows/x.ipynb": "unsafe_path",
                       "Eve Evil_9_assignsubmission_file/link.ipynb": "not_a_file"}
    assert download.unrecognised == ["loose.txt"]
    assert list(tmp_path.iterdir()) == [path]  # nothing extracted to disk


def test_unpacked_folder_with_a_link(tmp_path):
    root = tmp_path / "unpacked"
    folder = root / "Anna Kowalska_2101_assignsubmission_file"
    folder.mkdir(parents=True)
    (folder / "T1.ipynb").write_text("{}", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("teacher's", encoding="utf-8")
    (folder / "steal.ipynb").symlink_to(tmp_path / "secret.txt")
    download = read_download(root)
    assert [f.name for f in download.folders["2101"].files] == ["T1.ipynb"]
    assert download.refused == [("Anna Kowalska_2101_assignsubmission_file/steal.ipynb",
                                 "not_a_file")]


def test_not_a_zip(tmp_path):
    (tmp_path / "x.zip").write_bytes(b"not a zip")
    with pytest.raises(CourseError) as error:
        read_download(tmp_path / "x.zip")
    assert error.value.key == "grading.moodle.bad_zip"


# --- the worksheet ----------------------------------------------------------------------------

def test_english_worksheet():
    sheet = read_worksheet(FIXTURES / "worksheet.csv")
    assert sheet.columns == {"identifier": 0, "fullname": 1, "email": 2, "status": 3,
                             "grade": 4, "maxgrade": 5, "submitted": 7, "graded": 8,
                             "comments": 9}
    rows = sheet.by_pid()
    assert sorted(rows) == [str(p) for p in range(2101, 2110)]
    assert rows["2102"].name == "أمينة بن علي" and rows["2103"].name == "Łukasz Żółć"
    assert rows["2101"].max_grade == 10.0
    assert parse_moodle_date(rows["2102"].submitted_text) == datetime(2024, 3, 12, 9, 0)
    assert rows["2106"].submitted_text == "-"


def test_polish_worksheet_written_back_byte_for_byte():
    sheet = read_worksheet(FIXTURES / "worksheet_pl.csv")
    assert sheet.columns["identifier"] == 0 and sheet.columns["comments"] == 9
    rows = sheet.by_pid()
    assert rows["2101"].max_grade == 10.0  # "10,00": Polish decimal comma
    assert parse_moodle_date(rows["2101"].submitted_text) == datetime(2024, 3, 8, 10, 15)
    text = worksheet_text(sheet, {"2101": "7.5", "2106": ""},
                          {"2101": "Wynik: 3/4 pkt. Dobrze, \"prawie\" wszystko."})
    original = (FIXTURES / "worksheet_pl.csv").read_bytes()
    expected = original.replace(
        b'"10,00",Tak,"pi\xc4\x85tek, 8 marca 2024, 10:15",-,\n',
        b'"10,00",Tak,"pi\xc4\x85tek, 8 marca 2024, 10:15",-,'
        b'"Wynik: 3/4 pkt. Dobrze, ""prawie"" wszystko."\n').replace(
        b'"Przes\xc5\x82ane do oceny",,', b'"Przes\xc5\x82ane do oceny",7.5,')
    assert text == expected


def test_arabic_worksheet_found_by_moodles_layout():
    sheet = read_worksheet(FIXTURES / "worksheet_ar.csv")
    assert sheet.columns["grade"] == 4 and sheet.columns["maxgrade"] == 5  # الدرجة: by layout
    assert "comments" not in sheet.columns
    row = sheet.by_pid()["2104"]  # "المشارك2104"
    assert row.max_grade == 20.0 and row.email == "karim.haddad@uni.example"
    assert parse_moodle_date(row.submitted_text) == datetime(2024, 3, 9, 16, 45)
    text = worksheet_text(sheet, {"2104": "15"}, {"2104": "ignored: no comments column"})
    assert text.decode("utf-8").splitlines()[1].split(",")[4] == "15"
    assert "ignored" not in text.decode("utf-8")


def test_worksheet_errors(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_bytes("Identifier,Name\nParticipant 1,Anna\n".encode("cp1250"))
    with pytest.raises(CourseError) as error:
        read_worksheet(bad)
    assert error.value.key == "grading.moodle.worksheet_columns"
    assert "Grade" in str(error.value) and "Maximum Grade" in str(error.value)
    bad.write_bytes("Identifier,Grade,Maximum Grade\nŁukasz,,10.00\n".encode("cp1250"))
    with pytest.raises(CourseError) as error:
        read_worksheet(bad)
    assert error.value.key == "grading.moodle.worksheet_encoding"
    bad.write_text("Identifier,Grade,Maximum Grade\nAnna,,10.00\n", encoding="utf-8")
    with pytest.raises(CourseError) as error:
        read_worksheet(bad)
    assert error.value.key == "grading.moodle.worksheet_identifier" and "2" in str(error.value)


@pytest.mark.parametrize(("fields", "line"), [
    (["Identifier", "Full name", ""], 'Identifier,"Full name",\n'),
    (['say "hi"', "a,b", "x\ty", "10.00"], '"say ""hi""","a,b","x\ty",10.00\n'),
    (["أمينة بن علي", "Żółć"], '"أمينة بن علي",Żółć\n'),
])
def test_php_fputcsv_quoting(fields, line):
    assert php_csv_line(fields) == line


@pytest.mark.parametrize(("text", "value"), [("10,00", 10.0), ("10.00", 10.0), ("7,5", 7.5),
                                             ("1.234,5", 1234.5), ("", None), ("-", None),
                                             ("abc", None)])
def test_grades_read_as_unformat_float(text, value):
    assert parse_grade(text) == value


@pytest.mark.parametrize(("value", "text"), [(8.0, "8"), (3.2, "3.2"), (7.126, "7.13"),
                                             (0.0, "0"), (9.999, "10")])
def test_grades_written_with_a_dot(value, text):
    assert format_grade(value) == text


@pytest.mark.parametrize(("text", "moment"), [
    ("Tuesday, 5 March 2024, 2:30 PM", datetime(2024, 3, 5, 14, 30)),
    ("Tuesday, 5 March 2024, 12:05 AM", datetime(2024, 3, 5, 0, 5)),
    ("wtorek, 5 marca 2024, 14:30 PM", datetime(2024, 3, 5, 14, 30)),  # pl: %H:%M %p
    ("wtorek, 5 marzec 2024, 14:30", datetime(2024, 3, 5, 14, 30)),
    ("الثلاثاء، 5 مارس 2024، 2:30 م", datetime(2024, 3, 5, 14, 30)),
    ("الثلاثاء، ٥ جانفي ٢٠٢٤، ٩:٠٥ ص", datetime(2024, 1, 5, 9, 5)),
    ("mardi 5 mars 2024, 14h30", datetime(2024, 3, 5, 14, 30)),
    ("2024-03-05 14:30", datetime(2024, 3, 5, 14, 30)),
    ("05.03.2024 14:30", datetime(2024, 3, 5, 14, 30)),
    ("-", None),
])
def test_moodle_dates(text, moment):
    assert parse_moodle_date(text) == moment


def test_dates_not_understood():
    for text in ("Yes", "32 March 2024", "sometime in 2024"):
        with pytest.raises(ValueError):
            parse_moodle_date(text)
    assert parse_moodle_date("2024-03-10", end_of_day=True) == datetime(2024, 3, 10, 23, 59, 59)


# --- the feedback zip -----------------------------------------------------------------------------

def test_feedback_zip_is_what_the_importer_reads():
    entries = [("أمينة بن علي_2102_assignsubmission_file", "T1-report.html", b"<p>ar</p>"),
               ("Łukasz Żółć_2103_assignsubmission_file_", "T1-report.html", b"<p>pl</p>")]
    data = feedback_zip(entries)
    assert data == feedback_zip(list(reversed(entries)))  # the same bytes every run
    archive = zipfile.ZipFile(io.BytesIO(data))
    for info in archive.infolist():
        assert info.flag_bits & 0x800  # UTF-8 names
        folder, name = info.filename.split("/")
        assert parse_part(folder)[1] in ("2102", "2103") and name == "T1-report.html"


# --- late policy, extensions and overrides ------------------------------------------------------------

def test_late_policy():
    policy = LatePolicy(datetime(2024, 3, 10, 23, 59, 59), 10, datetime(2024, 3, 15, 23, 59, 59))
    on_time = lateness(datetime(2024, 3, 10, 23, 59), policy)
    assert on_time.days == 0 and on_time.apply(3.5, 4) == 3.5
    minute = lateness(datetime(2024, 3, 11, 0, 0, 30), policy)
    assert minute.days == 1 and minute.apply(4, 4) == 3.6
    late = lateness(datetime(2024, 3, 12, 9, 0), policy)
    assert late.days == 2 and late.apply(4, 4) == 3.2 and late.apply(0.5, 4) == 0
    too_late = lateness(datetime(2024, 3, 16, 0, 0), policy)
    assert not too_late.accepted and too_late.apply(4, 4) == 0
    extended = policy.for_student(datetime(2024, 3, 15, 23, 59, 59))
    assert extended.last == datetime(2024, 3, 20, 23, 59, 59)  # the grace period moves along
    assert lateness(datetime(2024, 3, 16, 0, 0), extended).days == 1


@pytest.fixture
def people(tmp_path):
    sheet = read_worksheet(FIXTURES / "worksheet.csv")
    roster = read_roster(FIXTURES / "participants.csv")
    return _Class(sheet, roster)


def test_students_named_any_way(people):
    assert people.pid_to_sid["2102"] == "s02"  # by e-mail
    for text in ("s03", "Participant 2103", "2103", "LUKASZ.ZOLC@uni.example", "Żółć Łukasz",
                 "Łukasz Żółć"):
        assert people.resolve(text) == "s03", text
    assert people.resolve("Nobody") is None


def test_teacher_files_report_every_bad_row(tmp_path, people):
    spec = load_assignment(write_source(tmp_path / "T1_source.ipynb"))
    bad = tmp_path / "overrides.csv"
    bad.write_text("student;question;points;comment\n"
                   "Nobody;q1;1;x\n"
                   "s01;q9;1;x\n"
                   "s01;q2;2,5;too many\n"
                   "s01;;;\n"
                   "s02;q2;1,5;ok\n"
                   "s02;q2;1;again\n", encoding="utf-8")
    with pytest.raises(CourseError) as error:
        read_overrides(bad, spec, people.resolve)
    message = str(error.value)
    assert "5 bad rows" in message
    for line in ("line 2", "line 3", "line 4", "line 5", "line 7"):
        assert line in message
    bad.write_text("student,question,points,comment\nParticipant 2102,q2,\"1,5\",ok\n"
                   "amina.benali@uni.example,total,3,\n", encoding="utf-8-sig")
    found = read_overrides(bad, spec, people.resolve)
    assert [(o.question, o.points) for o in found["s02"]] == [("q2", 1.5), ("total", 3.0)]
    extensions = tmp_path / "extensions.csv"
    extensions.write_text("student,due\ns01,soon\nNobody,2024-03-12\n", encoding="utf-8")
    with pytest.raises(CourseError) as error:
        read_extensions(extensions, people.resolve)
    assert "2 bad rows" in str(error.value) and "soon" in str(error.value)


def _result(file, sid, points):
    scores = [{"question": q, "max": m, "points": p, "given": None, "expected": None,
               "verdict": "correct" if p == m else "wrong", "detail": None}
              for q, m, p in zip(("q1", "q2", "q3"), (1, 2, 1), points, strict=True)]
    return {"file": file, "student_id": sid, "lang": "pl", "events": [], "scores": scores,
            "total": sum(points), "max": 4}


def test_adjusted_results(tmp_path, people):
    spec = load_assignment(write_source(tmp_path / "T1_source.ipynb"))
    (tmp_path / "o.csv").write_text("student,question,points,comment\ns01,q2,2,fair\n"
                                    "s02,total,1,\n", encoding="utf-8")
    overrides = read_overrides(tmp_path / "o.csv", spec, people.resolve)
    policy = LatePolicy(datetime(2024, 3, 10, 23, 59, 59), 25, datetime(2024, 3, 11, 23, 59, 59))
    staged = {"2101/a": _Staged("2101", "s01", ["a"]), "2102/b": _Staged("2102", "s02", ["b"]),
              "2103/c": _Staged("2103", "s03", ["c"]),
              "2109/d": _Staged("2109", "s09", ["praca.docx"], "no_notebook")}
    adjust = _Adjuster(spec, people, staged, overrides, policy, {})
    results = {"a": _result("2101/a", "s01", (1, 0, 1)), "b": _result("2102/b", "s02", (1, 2, 1)),
               "c": _result("2103/c", "s03", (1, 2, 1)), "d": _result("2109/d", "s09", (0, 0, 0))}
    saved = {k: dict(v) for k, v in results.items()}
    out = adjust(results)
    assert out["a"]["total"] == 4 and out["a"]["scores"][1]["override"]["before"] == 0
    assert out["b"]["total"] == 1  # 2 days late → too late (last day 11 March), then total 1
    assert [e["code"] for e in out["b"]["events"]] == ["too_late", "override"]
    assert out["c"]["total"] == 0 and out["c"]["events"][0]["code"] == "too_late"  # 14 March
    assert out["d"]["scores"] is None and out["d"]["events"][0]["code"] == "no_notebook"
    assert results == saved  # the results as saved are not changed


# --- similarity --------------------------------------------------------------------------------------

def test_similarity_sees_through_renaming_and_leaves_out_template_and_common_code(tmp_path):
    spec = load_assignment(write_source(tmp_path / "T1_source.ipynb"))
    template = similarity.template_sources(student_template(spec))
    loop = ("def totals(values):\n    out = []\n    run = 0\n    for v in values:\n"
            "        run = run + v\n        out.append(run)\n    return out\n"
            "check = totals([a, b, a * b])")
    renamed = loop.replace("totals", "cumul").replace("values", "xs").replace("run", "acc")
    common = ("import math\nratio = a / b\nrounded = math.floor(ratio * 100) / 100\n"
              "assert abs(rounded - ratio) < 0.01")
    own = {"s1": {"q1": loop, "q2": common}, "s2": {"q1": renamed, "q2": common},
           "s3": {"q2": common}, "s4": {"q2": common + "\nprint(rounded, 'done')"},
           "s5": {}}
    works = []
    for sid, extra in own.items():
        nb = nbformat.from_dict(submission(sid, "pl", extra=extra))
        works.append(similarity.Work(sid, sid.upper(), similarity.own_cells(nb, template)))
    assert all("answer(" not in cell for w in works for cell in w.cells)  # template left out
    result = similarity.compare(works, template, threshold=0.6)
    assert [(p.first.key, p.second.key) for p in result.pairs] == [("s1", "s2")]
    assert result.pairs[0].share > 0.9 and result.pairs[0].cells
    assert {w.key for w in result.too_short} >= {"s3", "s5"}  # common code only, or none
    page = similarity.render(result, "T1", "ar")
    assert 'dir="rtl"' in page and "<mark>" in page and "cumul" in page


def test_class_list_from_the_worksheet_when_there_is_no_roster(tmp_path):
    from mcourse.grading.classroom import _synthesise_roster
    from mcourse.grading.moodle import Download, Folder, SubmittedFile

    sheet = read_worksheet(FIXTURES / "worksheet.csv")
    data = nbformat.writes(submission("amina.benali@uni.example", "ar")).encode()
    folder = Folder("2102", "أمينة بن علي", "أمينة بن علي_2102_assignsubmission_file",
                    [SubmittedFile("w.ipynb", data, len(data))])
    roster = _synthesise_roster(sheet, Download(tmp_path / "x.zip", {"2102": folder}), "pl",
                                tmp_path / "roster.csv")
    assert roster.id_header == "Email address" and len(roster) == 9
    assert roster.get("amina.benali@uni.example").lang == "ar"  # the notebook's LANG
    assert roster.get("anna.kowalska@uni.example").lang == "pl"  # --default-lang
    assert _Class(sheet, roster).pid_to_sid["2102"] == "amina.benali@uni.example"
    no_email = tmp_path / "no_email.csv"
    no_email.write_text('Identifier,"Full name",Grade,"Maximum Grade"\n'
                        '"Participant 1","Anna Kowalska",,10.00\n', encoding="utf-8-sig")
    with pytest.raises(CourseError) as error:
        _synthesise_roster(read_worksheet(no_email), Download(tmp_path, {}), "pl",
                           tmp_path / "r.csv")
    assert error.value.key == "grading.moodle.needs_roster"
