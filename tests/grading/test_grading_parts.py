"""The grader's parts one by one, without running kernels: class list, answers, scoring,
gradebook, file names, submissions, reports, release and the command line."""

from __future__ import annotations

import csv
import json
import subprocess
import sys

import nbformat
import numpy as np
import pandas as pd
import pytest
from grading_helpers import QUESTIONS, read_csv, submission, write_roster, write_source

from mcourse.errors import CourseError
from mcourse.grading import answers as A
from mcourse.grading.assignment import Question, load_assignment
from mcourse.grading.gradebook import format_points, gradebook_row, write_csv
from mcourse.grading.naming import id_from_filename, release_name, safe_id
from mcourse.grading.release import release
from mcourse.grading.report import render_report
from mcourse.grading.roster import read_roster
from mcourse.grading.score import score_question
from mcourse.grading.submission import inject_parameters, read_submission
from mcourse.i18n import set_lang

# class list -----------------------------------------------------------------------------


def _write(path, text, encoding="utf-8"):
    path.write_bytes(text.encode(encoding))
    return path


def test_roster_reads_moodle_export(tmp_path):
    roster = read_roster(write_roster(tmp_path / "r.csv", [("s1", "ar"), ("s2", "pl")], bom=True))
    assert list(roster.students) == ["s1", "s2"]
    assert roster.id_header == "ID number"
    assert roster.get("s1").lang == "ar" and roster.get("s2").name == "Names2 Surnames2"


def test_roster_polish_headers_semicolons_and_usernames(tmp_path):
    path = _write(tmp_path / "r.csv", "Imię;Nazwisko;Nazwa użytkownika;Adres e-mail;Język\n"
                                      "Ala;Kowalska;akowalska;a@x.pl;pl_PL\n"
                                      "Amine;Benali;abenali;b@x.dz;ar-DZ\n")
    roster = read_roster(path)
    assert roster.id_field == "username" and roster.id_header == "Nazwa użytkownika"
    assert [s.lang for s in roster.students.values()] == ["pl", "ar"]


def test_roster_bad_rows_reported_by_line(tmp_path):
    path = _write(tmp_path / "r.csv", "ID number,Email address,lang\n"
                                      "s1,a@x,ar\n"
                                      ",b@x,pl\n"
                                      "s1,c@x,pl\n"
                                      "s4,d@x,fr\n")
    with pytest.raises(CourseError) as info:
        read_roster(path)
    message = str(info.value)
    assert info.value.key == "grading.roster.bad_rows"
    assert "line 3" in message and "line 4" in message and "first at line 2" in message
    assert "line 5" in message and '"fr"' in message


def test_roster_encoding_and_missing_language(tmp_path):
    with pytest.raises(CourseError, match="not UTF-8"):
        read_roster(_write(tmp_path / "a.csv", "ID number,lang\nś1,pl\n", "cp1250"))
    path = _write(tmp_path / "b.csv", "ID number,Email\ns1,a@x\n")
    with pytest.raises(CourseError, match="no language column"):
        read_roster(path)
    assert read_roster(path, default_lang="pl").get("s1").lang == "pl"


# answers ---------------------------------------------------------------------------------

def test_answers_become_plain_json():
    assert A.to_json_safe(np.float64(2.5)) == 2.5 and A.to_json_safe(np.int64(3)) == 3
    assert A.to_json_safe(np.array([1, 2])) == [1, 2]
    assert A.to_json_safe(pd.Series([1.5, 2.0])) == [1.5, 2.0]
    assert A.to_json_safe({"b", "a"}) == ["a", "b"]
    for bad in (float("nan"), pd.DataFrame({"a": [1]}), object(), lambda: 1, "x" * 5000):
        with pytest.raises(ValueError):
            A.to_json_safe(bad)


def test_check_format_is_about_format_only():
    assert A.check_format(3, "integer")[0] and not A.check_format(3.5, "integer")[0]
    assert A.check_format("sms", "choice", choices=["email", "sms"])[0]
    assert not A.check_format("fax", "choice", choices=["email", "sms"])[0]
    assert not A.check_format(True, "number")[0]
    assert A.check_format([1, 2.5], "numbers", size=2)[0]
    ok, key, values = A.check_format("12", "number")
    assert not ok and key == "grading.format.bad" and "text" in values["got"]


def test_answer_prints_in_students_language(capsys):
    set_lang("pl")
    A.answer("q1", None)
    assert "Nie ma jeszcze odpowiedzi" in capsys.readouterr().out
    with pytest.raises(ValueError):
        A.check_format(1, "colour")


def test_read_answers_takes_last_valid_value():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("")])
    out = nbformat.v4.new_output
    nb.cells[0].outputs = [
        out("display_data", data={A.ANSWER_MIME: {"question": "q1", "value": 1}}),
        out("display_data", data={A.ANSWER_MIME: {"question": "q1", "value": 2}}),
        out("display_data", data={A.ANSWER_MIME: {"question": "q2", "invalid": "a DataFrame"}}),
        out("display_data", data={A.ANSWER_MIME: '{"question": "q3", "value": "sms"}'}),
        out("display_data", data={A.ANSWER_MIME: {"question": "../etc", "value": 1}}),
        out("stream", name="stdout", text='{"question": "q4", "value": 1}'),
    ]
    values, invalid = A.read_answers(nb)
    assert values == {"q1": 2, "q3": "sms"} and invalid == {"q2": "a DataFrame"}


def test_student_seed_is_stable_and_personal():
    assert A.student_seed("s1", "A2") == A.student_seed("s1", "A2")
    assert A.student_seed("s1", "A2") != A.student_seed("s2", "A2")
    assert A.student_seed("s1", "A2") != A.student_seed("s1", "A3")


# scoring ---------------------------------------------------------------------------------

def test_numbers_within_tolerance():
    q = Question("q", 2, "number", rtol=0.01)
    assert score_question(q, 100.0, 100.9)["points"] == 2
    assert score_question(q, 100.0, 101.1)["verdict"] == "wrong"
    assert score_question(q, 100.0, "100")["verdict"] == "format"
    assert score_question(q, 100.0, None)["verdict"] == "missing"
    assert score_question(q, 100.0, None, invalid="a DataFrame")["verdict"] == "invalid"


def test_texts_choices_lists_and_sets():
    assert score_question(Question("q", 1, "choice", choices=("E-mail", "SMS")), "sms",
                          " SMS ")["verdict"] == "correct"
    assert score_question(Question("q", 1, "text"), ["Ramadan", "رمضان"], "رمضان")["points"] == 1
    lists = Question("q", 3, "numbers", rtol=0.01, partial=True)
    assert score_question(lists, [1.0, 2.0, 3.0], [1.0, 2.0, 9.0])["points"] == 2
    assert score_question(lists, [1.0, 2.0, 3.0], [1.0, 2.0])["points"] == 0
    sets = Question("q", 2, "set", partial=True)
    assert score_question(sets, ["a", "b"], ["b", "a"])["points"] == 2
    assert score_question(sets, ["a", "b"], ["a", "x"])["points"] == 0
    assert score_question(Question("q", 2, "set"), ["a", "b"], ["a"])["points"] == 0


def test_points_never_above_maximum():
    q = Question("q", 1.5, "integer")
    result = score_question(q, 7, 7.0)
    assert result["points"] == 1.5 and result["verdict"] == "correct"


# gradebook ---------------------------------------------------------------------------------

def test_gradebook_row_is_clipped_and_numeric(tmp_path):
    source = load_assignment(write_source(tmp_path / "T1_x.ipynb"))
    row = gradebook_row("s1", source, {"q1": 5, "q2": -1, "q3": 1}, 9)
    assert row == ["s1", "1", "0", "1", "4"]
    assert gradebook_row("s2", source, None, None) == ["s2", "", "", "", ""]
    assert [format_points(x) for x in (2.5, 3.0, 0.333, None, -0.0)] == [
        "2.5", "3", "0.33", "", "0"]


def test_csv_is_atomic_quoted_and_bom_optional(tmp_path):
    path = tmp_path / "g.csv"
    write_csv(path, ["ID number", "A2 total"], [["ś1", "3"]], bom=True)
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b'"\xc5\x9b1","3"\r\n' in data
    write_csv(path, ["ID number"], [["x"]])
    assert not path.read_bytes().startswith(b"\xef\xbb\xbf")
    assert [p.name for p in tmp_path.iterdir()] == ["g.csv"]  # no temporary left


# names and submissions ---------------------------------------------------------------------

def test_file_names_round_trip():
    ids = ["s1", "s10", "a.b@uni.pl", "ali ben/1"]
    for sid in ids:
        assert id_from_filename(release_name("A2", sid), "A2", ids) == sid
    moodle = f"Ali Ben_4242_assignsubmission_file_{release_name('A2', 's10')}"
    assert id_from_filename(moodle, "A2", ids) == "s10"
    assert id_from_filename("A2_s10 (1).ipynb", "A2", ids) == "s10"
    assert id_from_filename("A2_s100.ipynb", "A2", ids) is None
    assert "/" not in safe_id("ali ben/1")


def test_submission_keeps_only_sources(tmp_path):
    nb = submission("s1")
    nb.cells[2].outputs = [nbformat.v4.new_output("stream", name="stdout", text="forged")]
    nb.cells[2].metadata["mcourse"] = {"answer": 4}
    nb.cells.insert(1, nbformat.v4.new_code_cell("STUDENT_ID = 'other'",
                                                 metadata={"tags": ["injected-parameters"]}))
    path = tmp_path / "T1_s1.ipynb"
    nbformat.write(nb, path)
    sub = read_submission(path, tmp_path)
    assert sub.problem is None and sub.params["STUDENT_ID"] == "s1"
    assert all(not c.get("outputs") for c in sub.nb.cells)
    assert all(set(c.metadata) <= {"tags"} for c in sub.nb.cells)
    assert not any("other" in c.source for c in sub.nb.cells)
    injected = inject_parameters(sub.nb, {"STUDENT_ID": "s1", "LANG": "pl"})
    assert injected.cells[1].metadata["tags"] == ["injected-parameters"]
    assert "LANG = 'pl'" in injected.cells[1].source


def test_parameters_are_read_not_run(tmp_path):
    nb = submission("s1")
    nb.cells[0].source = "STUDENT_ID = __import__('os').getcwd()\nLANG = 'pl'"
    path = tmp_path / "x.ipynb"
    nbformat.write(nb, path)
    assert read_submission(path, tmp_path).params == {"LANG": "pl"}


@pytest.mark.parametrize("data,key", [
    (b"", "grading.file.empty"),
    (b'{"cells": [\x00]}', "grading.file.null_bytes"),
    (b'{"cells": [{"source": "abc', "grading.file.truncated"),
    (b"hello", "grading.file.not_json"),
    (b"[1, 2]", "grading.file.not_notebook"),
    (b"\xff\xfe\x00", "grading.file.null_bytes"),
])
def test_broken_files_are_named(tmp_path, data, key):
    (tmp_path / "f.ipynb").write_bytes(data)
    assert read_submission(tmp_path / "f.ipynb", tmp_path).problem[0] == key


# reports ---------------------------------------------------------------------------------

def _result(lang):
    return {"lang": lang, "student_id": "s<1>", "file": "x.ipynb", "total": 2.5, "max": 4,
            "isolation": "process",
            "scores": [{"question": "q1", "points": 0.0, "max": 1.0, "verdict": "wrong",
                        "given": "<script>alert(1)</script>", "expected": 42, "detail": None},
                       {"question": "q2", "points": 2.5, "max": 2.0, "verdict": "correct",
                        "given": 1234.5, "expected": 1234.5, "detail": None}]}


def test_report_rtl_escaped_and_expected_only_when_allowed(tmp_path):
    source = load_assignment(write_source(tmp_path / "T1_x.ipynb"))
    events = [{"code": "cell_error", "cell": 3, "values": {"ename": "KeyError",
                                                           "evalue": "'<b>'"}}]
    page = render_report(_result("ar"), source, None, False, events)
    assert '<html lang="ar" dir="rtl">' in page and "text-align: start" in page
    assert "<script>" not in page and "&lt;b&gt;" in page
    assert "الإجابة المنتظرة" not in page and "42" not in page
    assert '<bdi dir="ltr">KeyError</bdi>' in page
    shown = render_report(_result("pl"), source, None, True, events)
    assert '<html lang="pl" dir="ltr">' in shown and "Oczekiwana odpowiedź" in shown
    assert "<code>42</code>" in shown and "<code>1234.5</code>" in shown and "2,5/4 pkt" in shown
    assert "Podziel a przez b." not in shown  # feedback only for questions not right


# release ---------------------------------------------------------------------------------

def test_release_strips_solutions_and_sets_parameters(tmp_path):
    source = write_source(tmp_path / "teacher" / "T1_x.ipynb")
    roster = write_roster(tmp_path / "r.csv", [("s1", "ar"), ("a.b@uni.pl", "pl")])
    written = release(source, roster, tmp_path / "out")
    assert sorted(p.name for p in written) == ["T1_a.b@uni.pl.ipynb", "T1_s1.ipynb"]
    nb = nbformat.read(tmp_path / "out" / "T1_s1.ipynb", as_version=4)
    text = json.dumps(nb)
    assert "solution" not in text and "q1 = a + b" not in text
    assert "questions" not in json.dumps(nb.metadata) and nb.metadata.mcourse.assignment == "T1"
    params = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
    assert params.source.splitlines()[:2] == ["STUDENT_ID = 's1'", "LANG = 'ar'"]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(p.name for p in written)


def test_release_with_bad_roster_writes_nothing(tmp_path):
    source = write_source(tmp_path / "T1_x.ipynb")
    roster = _write(tmp_path / "r.csv", "ID number,lang\ns1,ar\ns1,pl\n")
    with pytest.raises(CourseError, match="line 3"):
        release(source, roster, tmp_path / "out")
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_assignment_spec_is_checked(tmp_path):
    path = write_source(tmp_path / "T1_x.ipynb")
    nb = nbformat.read(path, as_version=4)
    nb.metadata.mcourse.assignment.questions.q1.kind = "colour"
    nbformat.write(nb, path)
    with pytest.raises(CourseError, match="q1: kind"):
        load_assignment(path)
    assert set(QUESTIONS) == {"q1", "q2", "q3"}


# command line ----------------------------------------------------------------------------

def _cli(*args):
    return subprocess.run([sys.executable, "-m", "mcourse.cli", *args], capture_output=True,
                          text=True, timeout=60)


def test_grade_help_in_teachers_language():
    polish = _cli("--lang", "pl", "grade", "--help")
    assert polish.returncode == 0
    assert "użycie:" in polish.stdout and "limit czasu komórki" in polish.stdout
    assert "opcje" in polish.stdout
    arabic = _cli("--lang", "ar", "grade", "--help")
    assert "حد الوقت لكل خلية" in arabic.stdout


def test_bad_arguments_give_clear_errors(tmp_path):
    roster = write_roster(tmp_path / "r.csv", [("s1", "pl")])
    missing = _cli("--lang", "pl", "grade", str(tmp_path / "nowhere"), "--roster", str(roster),
                   "-o", str(tmp_path / "out"), "--assignment", "T1")
    assert missing.returncode == 1 and "nie istnieje" in missing.stderr
    negative = _cli("grade", str(tmp_path), "--roster", str(roster), "-o", "x",
                    "--workers", "0")
    assert negative.returncode == 2 and "0" in negative.stderr
    nothing = _cli("release", "NoSuchAssignment", "--roster", str(roster), "-o", "x")
    assert nothing.returncode == 1 and "NoSuchAssignment" in nothing.stderr


def test_gradebook_opens_as_csv(tmp_path):
    path = tmp_path / "g.csv"
    write_csv(path, ["ID number", "A2 q1"], [["s1", "1.5"]])
    with path.open(encoding="utf-8", newline="") as handle:
        assert list(csv.reader(handle)) == [["ID number", "A2 q1"], ["s1", "1.5"]]
    assert read_csv(path) == [{"ID number": "s1", "A2 q1": "1.5"}]


def test_sandbox_binds_neither_the_teachers_folder_nor_the_checkout(tmp_path):
    from conftest import ROOT

    from mcourse.grading.sandbox import bound_folders, bwrap_command

    folder = ROOT / "notebooks" / "assignments"
    command = bwrap_command(tmp_path, [str(folder / "A2_customer_value_crm.ipynb"), str(folder),
                                       str(tmp_path / "out")])
    bound = bound_folders(command)
    for secret in (ROOT, folder, ROOT / ".git", ROOT / "tests", tmp_path / "out"):
        assert not any(str(secret) == f or str(secret).startswith(f + "/") for f in bound), secret
    assert command[command.index("--chdir") + 1] == str(tmp_path / "work")
    assert "--unshare-all" in command and "--die-with-parent" in command
