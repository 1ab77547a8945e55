"""The display layer: messages and tables as rich output in the student's language, with
numbers, signs, units and code names bidi-isolated in Arabic so they read in order."""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd
import pytest

import mcourse
from mcourse import i18n
from mcourse.i18n import display
from mcourse.i18n.display import FSI, LRI, PDI, Message, message, say, show, table
from mcourse.i18n.formatting import fmt_date, fmt_money, fmt_percent
from mcourse.styles import course_css

NBSP = "\u00a0"
ISOLATES = re.compile("[\u2066-\u2069]")


@pytest.fixture
def fake_catalogue(monkeypatch):
    """Extra catalogue entries for one test (the real catalogue stays as it is)."""
    extra = {}
    real = i18n.catalogue()
    monkeypatch.setattr(i18n, "catalogue", lambda: {**real, **extra})
    return extra


@pytest.fixture
def shell():
    """A real IPython shell whose displayed outputs are captured."""
    from IPython.core.interactiveshell import InteractiveShell
    from IPython.utils.capture import capture_output

    InteractiveShell.instance()
    try:
        with capture_output() as captured:
            yield captured
    finally:
        InteractiveShell.clear_instance()


def _bdi(html: str) -> list[str]:
    return re.findall(r"<bdi[^>]*>(.*?)</bdi>", html)


def test_the_five_scrambled_values_of_issue_9_are_each_one_isolated_piece(fake_catalogue):
    """"52%", "-3,16", "35,17 US$", "4 ماي 2025" and None: each value is one isolate in
    HTML (<bdi>) and in plain text (LRI/FSI ... PDI), so the sign stays with its number,
    the unit with its amount, the day with its month; the full stop stays outside."""
    fake_catalogue["t.values"] = {
        "ar": "النسبة {share}. التغير {change}، السعر {price}، يوم {day}، القيمة {answer}.",
        "pl": "Udział {share}. Zmiana {change}, cena {price}, dzień {day}, wartość {answer}.",
        "en": "Share {share}. Change {change}, price {price}, day {day}, value {answer}."}
    with mcourse.language("ar"):
        values = dict(share=fmt_percent(0.52, 0), change=-3.16, price=fmt_money(35.17, "USD"),
                      day=fmt_date(dt.date(2025, 5, 4)), answer=None)
        shown = message("t.values", **values)
    html = shown._repr_html_()
    assert html.startswith('<div class="mcourse-msg" dir="rtl" lang="ar">')
    pieces = [ISOLATES.sub("", re.sub("<[^>]+>", "", p)) for p in _bdi(html)]
    assert pieces[:1] == ["52%"] and "-3,16" in pieces and f"35,17{NBSP}US$" in pieces
    assert "None" in pieces
    # the date is one isolate, its day and year isolated inside it
    assert '، يوم <bdi><bdi dir="ltr">4</bdi> ماي <bdi dir="ltr">2025</bdi></bdi>،' in html
    assert "52%</bdi>." in html  # the full stop is Arabic punctuation, outside the isolate
    plain = str(shown)
    assert f"{LRI}52%{PDI}." in plain
    assert f"{LRI}-3,16{PDI}" in plain
    assert f"{LRI}35,17{NBSP}US${PDI}" in plain
    assert f"{FSI}{LRI}4{PDI} ماي {LRI}2025{PDI}{PDI}" in plain
    assert f"{LRI}None{PDI}" in plain
    assert plain.count(PDI) == plain.count(FSI) + plain.count(LRI)  # balanced
    assert shown.text == ("النسبة 52%. التغير -3,16، السعر 35,17\u00a0US$، يوم 4 ماي 2025، "
                          "القيمة None.")


def test_polish_plain_text_has_no_isolates_but_html_still_has_bdi(fake_catalogue):
    fake_catalogue["t.one"] = {"ar": "القيمة {v}", "pl": "Wartość {v}", "en": "Value {v}"}
    shown = message("t.one", lang="pl", v=-1234.5)
    assert str(shown) == f"Wartość -1{NBSP}234,5"
    assert shown._repr_html_() == (
        f'<div class="mcourse-msg" dir="ltr" lang="pl">Wartość <bdi dir="ltr">-1{NBSP}234,5'
        "</bdi></div>")


def test_numbers_given_as_values_are_written_in_the_language(fake_catalogue):
    fake_catalogue["t.n"] = {"ar": "ع {v}", "pl": "n {v}", "en": "n {v}"}
    assert message("t.n", lang="ar", v=1234.5).text == "ع 1.234,5"
    assert message("t.n", lang="pl", v=30.0).text == "n 30"  # never 30,000
    assert message("t.n", lang="pl", v=0.1 + 0.2).text == "n 0,3"
    assert message("t.n", lang="pl", v=True).text == "n True"


def test_literal_latin_and_numbers_in_arabic_text_are_isolated():
    shown = Message.from_text("عوّض None بقيمة، ثم اكتب LANG = \"pl\" (ص 2).", "ar")
    html = shown._repr_html_()
    assert '<bdi dir="ltr">None</bdi>' in html
    assert '<bdi dir="ltr">LANG = "pl"</bdi>' in html
    assert '(ص <bdi dir="ltr">2</bdi>)' in html  # the bracket stays Arabic (mirrored)


def test_code_in_backticks_is_left_to_right_code(fake_catalogue):
    fake_catalogue["t.code"] = {"ar": "اكتب `LANG = \"pl\"` ثم أعد", "pl": "Wpisz `LANG = \"ar\"`",
                                "en": "Write `LANG`"}
    html = message("t.code", lang="ar")._repr_html_()
    assert '<code dir="ltr">LANG = "pl"</code>' in html and "`" not in html
    assert str(message("t.code", lang="ar")) == f'اكتب {LRI}`LANG = "pl"`{PDI} ثم أعد'


def test_values_are_escaped_in_html(fake_catalogue):
    fake_catalogue["t.one"] = {"ar": "القيمة {v}", "pl": "Wartość {v}", "en": "Value {v}"}
    html = message("t.one", lang="pl", v="<script>")._repr_html_()
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_a_message_inside_a_message_keeps_its_isolates():
    with mcourse.language("ar"):
        shown = message("check.wrong", hint=message("check.missing"))
    assert shown.text.startswith("❌ ليست الإجابة المنتظرة بعد: ✏️ لم تكتب إجابتك")
    assert '<bdi dir="ltr">None</bdi>' in shown._repr_html_()


def test_say_prints_plain_text_outside_ipython(capsys):
    say("check.missing", lang="ar")
    out = capsys.readouterr().out
    assert f"{LRI}None{PDI}" in out and "لم تكتب إجابتك" in out


def test_say_shows_rich_output_in_ipython(shell):
    mcourse.set_lang("ar")
    say("check.ok")
    data = shell.outputs[-1].data
    assert data["text/html"].startswith('<div class="mcourse-msg" dir="rtl" lang="ar">')
    assert "إجابة صحيحة" in data["text/plain"]


def test_start_shows_the_language_marker_in_ipython(shell):
    mcourse.start("pl", 1)
    html = shell.outputs[-1].data["text/html"]
    assert html.startswith('<div class="mcourse-lang mcourse-lang-pl" lang="pl" dir="ltr">')
    assert "polski" in html and '<code dir="ltr">LANG = "ar"</code>' in html
    mcourse.start("ar", 1)
    html = shell.outputs[-1].data["text/html"]
    assert html.startswith('<div class="mcourse-lang mcourse-lang-ar" lang="ar" dir="rtl">')


def test_start_shows_nothing_outside_ipython(capsys):
    mcourse.start("ar", 1)
    assert capsys.readouterr().out == ""


def _frame():
    return pd.DataFrame({"القيمة": [1234.5, -3.16, 30.0], "حد 95%": [0.25, None, 1.0],
                         "n": [1200, 5, 7]},
                        index=pd.Index(["الأبطال", "جدد", "SEO"], name="الشريحة"))


def test_arabic_table_is_right_to_left_with_numbers_isolated():
    html = table(_frame(), lang="ar").html()
    assert html.startswith('<div class="mcourse-table" dir="rtl" lang="ar"><table')
    assert '<bdi dir="ltr">1.234,5</bdi>' in html and '<bdi dir="ltr">-3,16</bdi>' in html
    assert '<bdi dir="ltr">30</bdi>' in html and "30,0" not in html
    assert 'حد <bdi dir="ltr">95%</bdi>' in html  # the header keeps its percent sign
    assert '<bdi dir="ltr">1.200</bdi>' in html
    # headers first, in column order: the rtl block puts the first column on the right
    headers = re.findall(r"<th>(.*?)</th>", html)
    assert headers[1:4] == ["القيمة", 'حد <bdi dir="ltr">95%</bdi>', '<bdi dir="ltr">n</bdi>']


def test_polish_table_writes_polish_numbers():
    html = table(_frame(), lang="pl").html()
    assert html.startswith('<div class="mcourse-table" dir="ltr" lang="pl">')
    assert f"<td>1{NBSP}234,5</td>" in html and "<td>-3,16</td>" in html
    assert "<td>0,25</td>" in html and "<td>30</td>" in html


def test_table_labels_keep_years_and_months_readable():
    frame = pd.DataFrame({2023: [1.5], 2024: [2.0]},
                         index=pd.PeriodIndex(["2024-01"], freq="M", name="cohort"))
    html = table(frame, lang="pl").html()
    assert "<th>2023</th>" in html and "2.023" not in html and "2\u00a0023" not in html
    assert "styczeń 2024" in html


def test_a_long_table_is_cut_and_says_its_size():
    html = table(pd.DataFrame({"a": range(100), "b": [0.5] * 100}), lang="pl").html()
    assert html.count("<tr>") < 20 and "…" in html
    assert "100 wierszy × 2 kolumny" in html


def test_plain_text_of_a_table():
    text = str(table(_frame(), lang="pl"))
    assert f"1{NBSP}234,5" in text and "SEO" in text


def test_show_a_dataframe_in_ipython(shell):
    mcourse.set_lang("ar")
    show(_frame())
    html = shell.outputs[-1].data["text/html"]
    assert html.startswith('<div class="mcourse-table" dir="rtl" lang="ar">')


def test_show_a_styler_and_a_text(shell):
    mcourse.set_lang("ar")
    show(_frame().style)
    assert shell.outputs[-1].data["text/html"].startswith(
        '<div class="mcourse-table" dir="rtl" lang="ar">')
    show("النسبة 52%.")
    assert '<bdi dir="ltr">52%</bdi>.' in shell.outputs[-1].data["text/html"]


def test_show_leaves_other_objects_to_ipython():
    figure = object()
    assert display.rich(figure) is figure


def test_course_css_hides_the_other_language_and_keeps_code_ltr():
    css = course_css()
    assert ('.jp-Notebook:has(.mcourse-lang-ar) .jp-MarkdownCell:has(.jp-RenderedMarkdown > '
            '[lang="pl"])') in css
    assert ('.jp-Notebook:has(.mcourse-lang-pl) .jp-MarkdownCell:has(.jp-RenderedMarkdown > '
            '[lang="ar"])') in css
    rule = re.search(r"\[lang=\"ar\"\]\) \{([^}]*)\}", css).group(1)
    assert "display: none" in rule
    code = re.search(r"\[dir=\"rtl\"\] code \{([^}]*)\}", css).group(1)
    assert "direction: ltr" in code and "unicode-bidi: isolate" in code
    assert re.search(r":not\(pre\) > code \{[^}]*white-space: nowrap", css)
    assert re.search(r"\[dir=\"rtl\"\] pre \{[^}]*white-space: pre;", css)
    assert re.search(r"mcourse-lang-ar\) \.jp-OutputArea-output table\.dataframe \{[^}]*"
                     r"direction: rtl", css)
    assert '[dir="rtl"] p' in css and "text-align: start" in css  # the paragraph rule stays


def test_greek_letters_of_formulas_are_isolated_in_arabic():
    from mcourse.i18n import display

    pieces = display._split_runs("المعدل r/α يساوي 0,055 و σ² كبير", True)
    isolated = [p.text for p in pieces if p.isolate == "ltr"]
    assert isolated == ["r/α", "0,055", "σ²"]


def test_polish_letters_inside_arabic_text_stay_one_piece():
    from mcourse.i18n import display

    pieces = display._split_runs("العمود Ilość فارغ × 2", True)
    assert [p.text for p in pieces if p.isolate == "ltr"] == ["Ilość", "2"]
