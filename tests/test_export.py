"""Monolingual export (``mcourse export``): one language, right direction, offline math."""

from __future__ import annotations

import re
import sys
from html import unescape

import nbformat
import pytest
from conftest import ROOT

from mcourse import set_lang
from mcourse.cli import main
from mcourse.errors import CourseError
from mcourse.export import (
    export_notebook,
    latex_to_mathml,
    notebook_to_html,
    select_language,
)
from mcourse.styles import course_css

if str(ROOT) not in sys.path:  # tools/ is the maintainers' notebook writer
    sys.path.insert(0, str(ROOT))
from tools.nbauthor import code, parameters, prose, write  # noqa: E402

LESSON_00 = ROOT / "notebooks" / "00_start_here.ipynb"
ARABIC = re.compile("[\u0600-\u06ff]")
# Anything a page would fetch: scripts, stylesheets, CSS imports, JS module imports.
REMOTE = re.compile(
    r"<script[^>]*\bsrc=[\"']?(?:https?:)?//|<link[^>]*\bhref=[\"']?(?:https?:)?//"
    r"|@import[^;]*(?:https?:)?//|import\([\"'](?:https?:)?//", re.I)


@pytest.fixture
def tiny(tmp_path):
    """A two-language notebook with a heading, a list, inline and display math, code."""
    path = write(
        tmp_path / "tiny.ipynb",
        parameters(LANG="ar", SEED=3),
        prose(
            ar="""
            # معدل النقر

            معدل النقر هو $\\text{CTR} = \\frac{c}{v}$ حيث 2026 سنة الدراسة.

            - الزبون الأول
            - الزبون الثاني

            $$\\text{ROI} = \\frac{R - C}{C}$$
            """,
            pl="""
            # Współczynnik klikalności

            Współczynnik klikalności to $\\text{CTR} = \\frac{c}{v}$, a rok badania to 2026.

            - pierwszy klient
            - drugi klient

            $$\\text{ROI} = \\frac{R - C}{C}$$
            """,
        ),
        code("total = 5  # `$x$` in code stays as it is\nprint(LANG, total)"),
        prose(ar="سعر 5 $ و 10 $ ليس معادلة.", pl="Cena $5 i $10 to nie wzór, `$x$` też nie."),
    )
    return path


def _markdown_sources(nb):
    return [c.source for c in nb.cells if c.cell_type == "markdown"]


@pytest.mark.parametrize("lang", ["ar", "pl"])
def test_select_language_keeps_one_language_and_the_code(tiny, lang):
    nb = nbformat.read(tiny, as_version=4)
    other = "pl" if lang == "ar" else "ar"
    page = select_language(nb, lang)
    tags = [c.metadata.get("tags", []) for c in page.cells]
    assert sum(f"lang-{lang}" in t for t in tags) == 2
    assert not any(f"lang-{other}" in t for t in tags)
    assert [c.source for c in page.cells if c.cell_type == "code"] == [
        c.source for c in nb.cells if c.cell_type == "code"]
    assert len(nb.cells) == 6, "the original notebook is left untouched"


def test_select_language_refuses_a_language_without_lessons():
    set_lang("pl")
    with pytest.raises(CourseError) as err:
        select_language(nbformat.v4.new_notebook(), "en")
    assert err.value.key == "export.error.lang"
    assert "ar, pl" in str(err.value) and "„en”" in str(err.value)


def test_latex_becomes_mathml_inline_and_display():
    out = latex_to_mathml("A $x^2$ and\n\n$$\\frac{a}{b}$$\n")
    assert '<math dir="ltr"' in out and 'display="inline"' in out and 'display="block"' in out
    assert "<msup><mi>x</mi><mn>2</mn></msup>" in out
    assert "<mfrac>" in out and "$" not in out


@pytest.mark.parametrize("text", [
    "Cena $5 i $10 to nie wzór.",
    "Escaped \\$x\\$ dollars.",
    "Code `$x$` span.",
    "```python\ncost = '$a$'\n```",
    "5 $ and 10 $",
])
def test_dollars_that_are_not_math_stay(text):
    assert latex_to_mathml(text) == text


@pytest.mark.parametrize("formula", ["$a^$", "$\\fracc{a}{b}$", "$$\\begin{cases} x$$"])
def test_a_formula_that_cannot_be_drawn_is_an_error_naming_it(formula):
    set_lang("ar")
    with pytest.raises(CourseError) as err:
        latex_to_mathml(f"text {formula} text", where="الخلية 4")
    assert err.value.key == "export.error.math"
    message = str(err.value)
    assert "الخلية 4" in message and formula.strip("$") in message


def _page_tag(html):
    return re.search(r"<html[^>]*>", html).group(0)


def test_arabic_page_is_rtl_offline_and_arabic_only(tiny):
    html = notebook_to_html(nbformat.read(tiny, as_version=4), "ar")
    tag = _page_tag(html)
    assert 'dir="rtl"' in tag and 'lang="ar"' in tag
    assert course_css() in html, "the course RTL rule is in the page"
    assert "معدل النقر" in html and "Współczynnik" not in html
    assert html.count("<math ") == 2 and "\\frac" not in html  # pre-rendered, both formulas
    assert "MathJax" not in html and not REMOTE.search(html)
    assert "<title>معدل النقر</title>" in html


def test_polish_page_is_ltr_and_has_no_arabic(tiny):
    html = notebook_to_html(nbformat.read(tiny, as_version=4), "pl")
    tag = _page_tag(html)
    assert 'dir="ltr"' in tag and 'lang="pl"' in tag
    assert not ARABIC.search(html)
    assert "Cena $5 i $10" in html and "<code>$x$</code>" in html
    assert html.count("<math ") == 2 and not REMOTE.search(html)


def test_widget_state_does_not_pull_scripts_from_a_cdn(tiny):
    nb = nbformat.read(tiny, as_version=4)
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {
        "state": {}, "version_major": 2, "version_minor": 0}}
    assert not REMOTE.search(notebook_to_html(nb, "ar"))


def _text(html: str) -> str:
    """What a reader sees of a page: its text without tags, styles or scripts."""
    html = re.sub(r"<(style|script)\b.*?</\1>", "", html, flags=re.S)
    return unescape(re.sub(r"<[^>]+>", "", html))


def test_cli_runs_the_lesson_in_the_page_language(tiny, tmp_path, capsys):
    out = tmp_path / "build"
    assert main(["export", str(tiny), "--lang", "pl", "-o", str(out)]) == 0
    page = out / "tiny.pl.html"
    assert page.is_file()
    assert str(page) in capsys.readouterr().out
    text = _text(page.read_text(encoding="utf-8"))
    # The parameters cell shows the language that ran, once; the code ran with it.
    assert "LANG = 'pl'" in text and "LANG = 'ar'" not in text and 'LANG = "ar"' not in text
    assert "pl 5" in text, "the printed output of the run is on the page"
    assert "injected-parameters" not in page.read_text(encoding="utf-8")


def test_a_polish_teacher_exporting_the_arabic_lesson_is_answered_in_polish(
        tiny, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("MCOURSE_LANG", "pl")
    assert main(["export", str(tiny), "--lang", "ar", "-o", str(tmp_path)]) == 0
    captured = capsys.readouterr()
    assert "Zapisano stronę" in captured.out and "Uruchamianie" in captured.err
    assert not ARABIC.search(captured.out + captured.err)
    page = (tmp_path / "tiny.ar.html").read_text(encoding="utf-8")
    assert "معدل النقر" in page and "LANG = 'ar'" in _text(page)
    # The global --lang names the teacher's language as well.
    monkeypatch.delenv("MCOURSE_LANG")
    assert main(["--lang", "pl", "export", str(tiny), "--lang", "ar", "--to", "notebook",
                 "-o", str(tmp_path)]) == 0
    assert "Zapisano notatnik" in capsys.readouterr().out


def test_no_execute_refuses_a_notebook_that_was_never_run(tiny, tmp_path, capsys,
                                                          monkeypatch):
    monkeypatch.setenv("MCOURSE_LANG", "pl")
    assert main(["export", str(tiny), "--lang", "ar", "--no-execute", "-o",
                 str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "nie został uruchomiony" in err and "--no-execute" in err and str(tiny) in err
    assert not ARABIC.search(err)
    assert not list(tmp_path.glob("*.html")), "no page without outputs"


def _saved_run(path, lang):
    """The notebook at ``path`` as if run in ``lang`` and saved (run once, here)."""
    from mcourse.export import execute_lesson

    nb = execute_lesson(nbformat.read(path, as_version=4), lang, cwd=path.parent)
    nbformat.write(nb, path)
    return nb


def test_no_execute_uses_the_saved_run_in_the_same_language_only(tiny, tmp_path):
    nb = _saved_run(tiny, "ar")
    assert "LANG = 'ar'" in nb.cells[0].source
    page = export_notebook(tiny, "ar", tmp_path, execute=False).read_text(encoding="utf-8")
    assert "ar 5" in _text(page), "the saved output is shown"
    set_lang("en")
    with pytest.raises(CourseError) as err:
        export_notebook(tiny, "pl", tmp_path, execute=False)
    assert err.value.key == "export.error.other_language"
    assert "LANG = 'ar'" in str(err.value) and "--no-execute" in str(err.value)


def test_the_language_marker_of_mcourse_start_tells_the_language_of_a_run(tiny):
    from mcourse.export import run_language

    nb = nbformat.read(tiny, as_version=4)
    assert run_language(nb) == "ar"  # from the parameters cell
    nb.cells[3].outputs = [nbformat.v4.new_output(
        "display_data", data={"text/html": '<div class="mcourse-lang mcourse-lang-pl" '
                                           'lang="pl"></div>', "text/plain": ""})]
    assert run_language(nb) == "pl"


def test_a_notebook_run_by_papermill_shows_each_parameter_once(tiny):
    from papermill.iorw import load_notebook_node
    from papermill.parameterize import parameterize_notebook

    nb = parameterize_notebook(load_notebook_node(str(tiny)), {"LANG": "pl", "SEED": 9})
    assert any("injected-parameters" in c.metadata.get("tags", []) for c in nb.cells)
    text = _text(notebook_to_html(nb, "pl"))
    assert text.count("LANG = ") == 1 and "LANG = 'pl'" in text
    assert "SEED = 9" in text and "SEED = 3" not in text


def test_a_failing_cell_is_reported_with_its_number_and_no_page_is_written(tmp_path):
    path = write(tmp_path / "broken.ipynb", parameters(LANG="ar", SEED=1),
                 prose(ar="نص", pl="Tekst"), code("x = 1"), code("1 / 0"))
    set_lang("pl")
    with pytest.raises(CourseError) as err:
        export_notebook(path, "pl", tmp_path / "out")
    assert err.value.key == "export.error.run"
    message = str(err.value)
    assert "komórce 5" in message and "ZeroDivisionError" in message
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


@pytest.mark.parametrize("lang", ["ar", "pl"])
def test_to_notebook_writes_a_clean_one_language_notebook(tiny, tmp_path, lang):
    _saved_run(tiny, "ar")  # outputs saved in the source must not reach the hand-out
    target = export_notebook(tiny, lang, tmp_path, to="notebook")
    assert target.name == f"tiny.{lang}.ipynb"
    nb = nbformat.read(target, as_version=4)
    nbformat.validate(nb)
    other = "pl" if lang == "ar" else "ar"
    tags = [c.metadata.get("tags", []) for c in nb.cells]
    assert sum(f"lang-{lang}" in t for t in tags) == 2
    assert not any(f"lang-{other}" in t for t in tags)
    params = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
    assert f"LANG = {lang!r}" in params.source and "SEED = 3" in params.source
    assert all(not c.outputs and c.execution_count is None
               for c in nb.cells if c.cell_type == "code")
    assert nb.metadata["kernelspec"]["name"] == "python3"
    assert nb.metadata["mcourse"]["lang"] == lang
    if lang == "pl":
        assert not ARABIC.search(target.read_text(encoding="utf-8"))


def test_to_notebook_with_execute_keeps_the_outputs_of_that_language(tiny, tmp_path):
    nb = nbformat.read(export_notebook(tiny, "pl", tmp_path, to="notebook", execute=True),
                       as_version=4)
    printed = [o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert "pl 5\n" in printed
    assert not any("injected-parameters" in c.metadata.get("tags", []) for c in nb.cells)


def test_page_css_wraps_printed_text_at_spaces_and_lets_tables_scroll(tiny):
    html = notebook_to_html(nbformat.read(tiny, as_version=4), "pl")
    styles = "".join(re.findall(r"<style[^>]*>(.*?)</style>", html, flags=re.S))
    assert "max-width: 60em" not in styles
    ours = styles.index(".jp-OutputArea-output.jp-RenderedText pre {")
    first = styles[ours:styles.index("}", ours)]
    assert "word-break: normal" in first and "white-space: pre-wrap" in first
    assert "unicode-bidi: plaintext" in first
    assert re.search(r"\.jp-OutputArea-output \{[^}]*overflow-x: auto", styles)
    # The course stylesheet comes after the template's rules, so that it wins.
    assert styles.rindex(course_css().strip()[:200]) > ours


def test_cli_rejects_a_missing_notebook_and_an_unknown_language(tmp_path, capsys):
    missing = tmp_path / "nope.ipynb"
    assert main(["export", str(missing), "--lang", "ar", "-o", str(tmp_path)]) == 1
    assert str(missing) in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_:
        main(["export", str(missing), "--lang", "en"])
    assert exit_.value.code == 2


def test_a_broken_file_is_reported_as_not_a_notebook(tmp_path):
    bad = tmp_path / "bad.ipynb"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(CourseError) as err:
        export_notebook(bad, "pl", tmp_path)
    assert err.value.key == "export.error.not_notebook"


@pytest.mark.parametrize("lang", ["ar", "pl"])
def test_lesson_00_hand_out_is_in_one_language(lang, tmp_path):
    target = export_notebook(LESSON_00, lang, tmp_path, to="notebook")
    assert target.name == f"00_start_here.{lang}.ipynb"
    nb = nbformat.read(LESSON_00, as_version=4)
    out = nbformat.read(target, as_version=4)
    n_prose = sum(f"lang-{lang}" in c.metadata.get("tags", []) for c in nb.cells)
    n_code = sum(c.cell_type == "code" for c in nb.cells)
    assert sum(c.cell_type == "markdown" for c in out.cells) == n_prose > 0
    assert sum(c.cell_type == "code" for c in out.cells) == n_code
    if lang == "pl":  # code may hold Arabic sample data (lesson 00's CSV); prose may not
        assert not any(ARABIC.search(c.source) for c in out.cells if c.cell_type == "markdown")


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["pl"])
def test_lesson_00_page_runs_and_shows_its_plot_in_one_language(lang, tmp_path):
    html = export_notebook(LESSON_00, lang, tmp_path).read_text(encoding="utf-8")
    assert "data:image/png;base64," in html, "the lesson's plot is drawn inline"
    assert not REMOTE.search(html) and "MathJax" not in html
    assert re.search(r'class="[^"]*\bjp-OutputArea-output\b', html) and "Traceback" not in html
    cells = re.split(r'(?=<div[^>]*class="jp-Cell )', html)
    prose = [c for c in cells if 'class="jp-Cell jp-MarkdownCell' in c[:200]]
    assert prose and not any(ARABIC.search(_text(c)) for c in prose)
    nb = nbformat.read(LESSON_00, as_version=4)
    n_prose = sum(f"lang-{lang}" in c.metadata.get("tags", []) for c in nb.cells)
    assert len(re.findall(r'class="jp-Cell jp-MarkdownCell\b', html)) == n_prose
    text = _text(html)
    assert "LANG = 'pl'" in text and "LANG = 'ar'" not in text


def test_a_bad_formula_is_reported_with_its_cell_number_in_the_file(tiny):
    nb = nbformat.read(tiny, as_version=4)
    nb.cells[5].source = "Wzór $a^$ jest błędny."  # the second Polish cell, 6th in the file
    set_lang("pl")
    with pytest.raises(CourseError) as err:
        notebook_to_html(nb, "pl")
    assert "komórka 6" in str(err.value)


def test_release_gives_each_student_the_prose_of_their_language_only(tmp_path):
    from mcourse.grading.release import release

    source = write(
        tmp_path / "T1_x.ipynb",
        parameters(STUDENT_ID="demo", LANG="ar", SEED=None),
        prose(ar="التمرين الأول", pl="Pierwsze ćwiczenie"),
        code("q1 = None", "answer"),
        code("q1 = 2", "solution"),
        prose(ar="انتهى", pl="Koniec"),
    )
    nb = nbformat.read(source, as_version=4)
    nb.metadata["mcourse"] = {"assignment": {"id": "T1", "questions": {
        "q1": {"points": 1, "kind": "integer"}}}}
    nbformat.write(nb, source)
    roster = tmp_path / "roster.csv"
    roster.write_text("ID number,lang\ns1,ar\ns2,pl\ns3,en\n", encoding="utf-8")
    release(source, roster, tmp_path / "out")

    def prose_of(student):
        got = nbformat.read(tmp_path / "out" / f"T1_{student}.ipynb", as_version=4)
        return [c.source for c in got.cells if c.cell_type == "markdown"], got

    ar, nb_ar = prose_of("s1")
    pl, nb_pl = prose_of("s2")
    both, _ = prose_of("s3")
    assert len(ar) == 2 and all(ARABIC.search(text) for text in ar)
    assert pl == ["<div lang=\"pl\">\n\nPierwsze ćwiczenie\n\n</div>", "<div lang=\"pl\">\n\nKoniec\n\n</div>"] \
        or pl == ["Pierwsze ćwiczenie", "Koniec"]
    assert len(both) == 4, "a student listed in English keeps both languages"
    for got, lang in ((nb_ar, "ar"), (nb_pl, "pl")):
        params = next(c for c in got.cells if "parameters" in c.metadata.get("tags", []))
        assert f"LANG = {lang!r}" in params.source
        assert [c.source for c in got.cells if c.cell_type == "code"][1:] == ["q1 = None"]
