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


def test_cli_writes_one_page_per_language(tiny, tmp_path, capsys):
    out = tmp_path / "build"
    assert main(["export", str(tiny), "--lang", "pl", "-o", str(out)]) == 0
    page = out / "tiny.pl.html"
    assert page.is_file()
    assert str(page) in capsys.readouterr().out
    # The parameters a Polish reader runs are shown in the page.
    text = unescape(re.sub(r"<[^>]+>", "", page.read_text(encoding="utf-8")))
    assert 'LANG = "pl"' in text


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
def test_lesson_00_exports_in_one_language(lang, tmp_path):
    page = export_notebook(LESSON_00, lang, tmp_path)
    assert page.name == f"00_start_here.{lang}.html"
    html = page.read_text(encoding="utf-8")
    nb = nbformat.read(LESSON_00, as_version=4)
    n_prose = sum(f"lang-{lang}" in c.metadata.get("tags", []) for c in nb.cells)
    assert len(re.findall(r'class="jp-Cell jp-MarkdownCell\b', html)) == n_prose > 0
    assert f'dir="{"rtl" if lang == "ar" else "ltr"}"' in _page_tag(html)
    assert not REMOTE.search(html) and "MathJax" not in html
    if lang == "pl":
        assert not ARABIC.search(html)


@pytest.mark.slow
def test_lesson_00_executed_in_polish_shows_its_plot(tmp_path):
    html = export_notebook(LESSON_00, "pl", tmp_path, execute=True).read_text(encoding="utf-8")
    assert "data:image/png;base64," in html, "the lesson's plot is drawn inline"
    assert not ARABIC.search(html) and not REMOTE.search(html)
    assert re.search(r'class="[^"]*\bjp-OutputArea-output\b', html) and "Traceback" not in html


def test_a_bad_formula_is_reported_with_its_cell_number_in_the_file(tiny):
    nb = nbformat.read(tiny, as_version=4)
    nb.cells[5].source = "Wzór $a^$ jest błędny."  # the second Polish cell, 6th in the file
    set_lang("pl")
    with pytest.raises(CourseError) as err:
        notebook_to_html(nb, "pl")
    assert "komórka 6" in str(err.value)
