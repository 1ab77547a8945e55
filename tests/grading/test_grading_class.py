"""A generated class graded in one call: every kind of submission gets exactly one row,
the expected score and words saying what happened; the Moodle gradebook stays importable."""

from __future__ import annotations

import json

import nbformat
import pytest
from grading_helpers import (
    LIMITS,
    MAX,
    read_csv,
    save,
    submission,
    truth,
    write_roster,
    write_source,
)

from mcourse.grading.answers import ANSWER_MIME
from mcourse.grading.naming import file_key
from mcourse.grading.run import Options, grade

ROSTER = [(f"s{n:02d}", lang) for n, lang in zip(range(1, 16), "en pl ar en ar pl en pl en "
                                                                 "pl en ar en pl en".split(), strict=True)]
ROSTER.append(("s_nosub", "pl"))
LANG = dict(ROSTER)


def _class(folder):
    """Write the submissions; returns {file: (student id, expected total, status codes)}."""
    t15 = truth("s01")
    hard = {"q1": f"q1 = {t15['q1']}", "q2": f"q2 = {t15['q2']}", "q3": f"q3 = {t15['q3']!r}"}
    own = truth("s15")
    s15_total = (1 * (own["q1"] == t15["q1"]) + 2 * (abs(own["q2"] - t15["q2"]) <= 0.01 * own["q2"])
                 + 1 * (own["q3"] == t15["q3"]))
    cases = {
        "T1_s01.ipynb": (submission("s01", "en", extra={
            "q1": "import warnings, sys\nwarnings.warn('careful')\nprint('note', file=sys.stderr)"}),
            "s01", 4, {"ok"}),
        "T1_s02.ipynb": (submission("s02", "pl", answers={"q1": "q1 = a + b + 1"}),
                         "s02", 3, {"answers_wrong"}),
        "T1_s03.ipynb": (submission("s03", "ar", answers={"q1": "q1 = a + undefined_name"}),
                         "s03", 3, {"cell_error", "answers_missing"}),
        "T1_s04.ipynb": (submission("s04", "en", answers={"q1": "while True:\n    pass"}),
                         "s04", 3, {"cell_timeout", "answers_missing"}),
        "T1_s05.ipynb": (submission("s05", "ar", extra={"q1": "import os\nos._exit(1)"}),
                         "s05", 4, {"kernel_died"}),
        "T1_s06.ipynb": (submission("s06", "pl", extra={
            "q2": "blocks = [bytearray(64 * 2**20) for _ in range(64)]"}),
            "s06", 4, {"memory"}),
        "T1_s07.ipynb": (submission("s07", "en", extra={
            "q1": "for i in range(10**6):\n    print('spam ' * 20, i)"}),
            "s07", 4, {"output_limit"}),
        "T1_s08.ipynb": (submission("s08", "pl", answers={q: f"{q} = None" for q in hard}),
                         "s08", 0, {"answers_missing"}),
        "T1_s09.ipynb": (submission("s09", "en", answers={
            "q1": "q1 = 'forty'", "q2": "q2 = object()", "q3": "q3 = 'fax'"}),
            "s09", 0, {"answers_malformed"}),
        "T1_s13.ipynb": (submission("s13", "en"), "s13", 4, {"duplicate"}),
        "late/T1_s13.ipynb": (submission("s13", "en"), "s13", 4, {"duplicate"}),
        "T1_s15.ipynb": (submission("s01", "en", answers=hard), "s15", s15_total,
                         {"id_mismatch"}),
        "T1_s99.ipynb": (submission("s99", "en"), "s99", 4, {"unknown_student"}),
    }
    cases["T1_s01.ipynb"][0].cells[0].source += "\nSEED = 99  # the teacher's SEED is injected"
    cases["T1_s02.ipynb"][0].metadata["mcourse"]["assignment"] = "A3"  # wrong notebook
    cases["T1_s02.ipynb"][3].add("other_assignment")
    for name, (nb, *_rest) in cases.items():
        save(nb, folder, name)
    good = nbformat.writes(submission("s12", "pl")).encode()
    files = {
        "T1_s10.ipynb": b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\n",
        "T1_s11.ipynb": good[: len(good) // 2],
        "T1_s12.ipynb": good[:200] + b"\x00\x00" + good[200:],
        "T1_s14.ipynb": json.dumps({"hello": "this is JSON, not a notebook"}).encode(),
        "notes.docx": b"PK\x03\x04\x00\x00binary",
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    expected = {name: (sid, total, codes) for name, (_nb, sid, total, codes) in cases.items()}
    expected.update({
        "T1_s10.ipynb": ("s10", 0, {"not_notebook"}),
        "T1_s11.ipynb": ("s11", 0, {"not_notebook"}),
        "T1_s12.ipynb": ("s12", 0, {"not_notebook"}),
        "T1_s14.ipynb": ("s14", 0, {"not_notebook"}),
        "notes.docx": ("", 0, {"not_notebook"}),
    })
    return expected


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    base = tmp_path_factory.mktemp("class")
    source = write_source(base / "teacher" / "T1_source.ipynb")
    roster = write_roster(base / "roster.csv", ROSTER, bom=True)
    expected = _class(base / "submissions")
    out = base / "out"
    summary = grade(base / "submissions", roster, out, source,
                    Options(limits=LIMITS, progress=False))
    status = read_csv(out / "status.csv")
    return {"summary": summary, "expected": expected, "out": out,
            "status": {row["file"] or row["id"]: row for row in status}, "rows": status,
            "book": read_csv(out / "gradebook.csv"),
            "book_text": (out / "gradebook.csv").read_bytes()}


def test_one_row_per_submission_and_per_missing_student(graded):
    files = [row["file"] for row in graded["rows"] if row["file"]]
    assert sorted(files) == sorted(graded["expected"])
    no_file = [row for row in graded["rows"] if not row["file"]]
    assert [row["id"] for row in no_file] == ["s_nosub"]
    assert no_file[0]["status"] == "no_submission"
    assert "no file submitted" in no_file[0]["what happened"]
    assert graded["summary"].rows == len(graded["expected"]) + 1


def test_scores_and_words(graded):
    for name, (sid, total, codes) in graded["expected"].items():
        row = graded["status"][name]
        assert row["id"] == sid, name
        assert float(row["total"] or 0) == total, (name, row)
        assert codes <= set(row["status"].split()), (name, row["status"])
        assert row["what happened"].strip(), name


def test_words_name_the_problem(graded):
    status = graded["status"]
    assert "error in cell 3: NameError" in status["T1_s03.ipynb"]["what happened"]
    assert "cell 3 stopped after 3" in status["T1_s04.ipynb"]["what happened"]
    assert "kernel died in cell 5" in status["T1_s05.ipynb"]["what happened"]
    assert "MemoryError" in status["T1_s06.ipynb"]["what happened"]
    assert "printed more than the limit" in status["T1_s07.ipynb"]["what happened"]
    assert "q1, q2, q3" in status["T1_s08.ipynb"]["what happened"]
    assert "null bytes" in status["T1_s12.ipynb"]["what happened"]
    assert "truncated" in status["T1_s11.ipynb"]["what happened"]
    assert "not UTF-8 text" in status["T1_s10.ipynb"]["what happened"]
    assert "not a valid Jupyter notebook" in status["T1_s14.ipynb"]["what happened"]
    assert "late/T1_s13.ipynb" in status["T1_s13.ipynb"]["what happened"]
    assert "s99 is not in the class list" in status["T1_s99.ipynb"]["what happened"]
    assert "STUDENT_ID = s01" in status["T1_s15.ipynb"]["what happened"]
    assert status["T1_s01.ipynb"]["status"] == "ok"  # warnings on stderr cost nothing
    assert "for assignment A3, graded as T1" in status["T1_s02.ipynb"]["what happened"]


def test_gradebook_is_moodle_importable(graded):
    book, text = graded["book"], graded["book_text"]
    assert text.startswith(b"\xef\xbb\xbf") is False  # BOM only when asked
    assert list(book[0]) == ["ID number", "T1 q1", "T1 q2", "T1 q3", "T1 total"]
    ids = [row["ID number"] for row in book]
    assert ids == [sid for sid, _ in ROSTER]  # every roster student once, nobody else
    for row in book:
        values = [row[c] for c in list(row)[1:]]
        assert all(v == "" for v in values) or all(v != "" for v in values)
        if values[0] != "":
            numbers = [float(v) for v in values]
            assert numbers[-1] <= MAX and numbers[0] <= 1 and numbers[1] <= 2
            assert numbers[-1] == pytest.approx(sum(numbers[:-1]))
    by_id = {row["ID number"]: row for row in book}
    assert by_id["s13"]["T1 total"] == ""  # duplicate: the teacher chooses
    assert by_id["s_nosub"]["T1 total"] == ""
    assert by_id["s10"]["T1 total"] == "0"  # handed in something unreadable
    assert by_id["s01"]["T1 total"] == "4"
    assert by_id["s02"]["T1 q1"] == "0" and by_id["s02"]["T1 total"] == "3"


def test_reports_in_each_students_language(graded):
    out = graded["out"]
    for row in graded["rows"]:
        if not row["file"]:
            continue
        page = (out / row["report"]).read_text(encoding="utf-8")
        lang = LANG.get(row["id"], "en")
        assert f'<html lang="{lang}" dir="{"rtl" if lang == "ar" else "ltr"}">' in page
        assert "http" not in page.split("<body>")[0]  # self-contained
    arabic = (out / graded["status"]["T1_s05.ipynb"]["report"]).read_text(encoding="utf-8")
    assert "توقفت النواة" in arabic and '<bdi dir="ltr">' in arabic
    polish = (out / graded["status"]["T1_s03.ipynb"]["report"]).read_text(encoding="utf-8")
    assert "بولندا" not in polish
    polish = (out / graded["status"]["T1_s02.ipynb"]["report"]).read_text(encoding="utf-8")
    assert "niepoprawna" in polish and "Oczekiwana odpowiedź" in polish


def test_later_answers_survive_a_crash(graded):
    row = graded["status"]["T1_s05.ipynb"]
    assert row["q2"] == "2" and row["q3"] == "1"
    result = json.loads((graded["out"] / "results" / f"{file_key('T1_s05.ipynb')}.json")
                        .read_text(encoding="utf-8"))
    executed = nbformat.read(graded["out"] / result["executed"], as_version=4)
    recorded = [o for c in executed.cells for o in c.get("outputs", [])
                if ANSWER_MIME in o.get("data", {})]
    assert [o["data"][ANSWER_MIME]["question"] for o in recorded] == ["q1", "q2", "q3"]
