"""The confirmation printed after ``answer(...)`` writes numbers and lists as the student's
language does, while the recorded value keeps exactly what the student passed."""

from __future__ import annotations

import nbformat
import numpy as np
import pytest

from mcourse import language
from mcourse.grading import answers as A


@pytest.fixture
def shown(monkeypatch):
    """The bundles ``answer`` would display, instead of displaying them."""
    bundles = []
    isolates = dict.fromkeys(map(ord, "\u2066\u2067\u2068\u2069"))  # see tests/test_display.py

    def record(bundle):
        bundles.append({**bundle, "text/plain": bundle["text/plain"].translate(isolates)})

    monkeypatch.setattr(A, "_show", record)
    return bundles


@pytest.mark.parametrize("lang, text", [("pl", "3\xa0325,925"), ("ar", "3.325,925"),
                                        ("en", "3,325.925")])
def test_numbers_are_printed_rounded_in_the_language_but_recorded_exactly(shown, lang, text):
    value = 3325.9250000000015
    with language(lang):
        A.answer("q1", np.float64(value), kind="number")
    bundle = shown[-1]
    assert text in bundle["text/plain"]
    assert "3325.925000" not in bundle["text/plain"]
    assert bundle[A.ANSWER_MIME] == {"question": "q1", "value": value}
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("")])
    nb.cells[0].outputs = [nbformat.v4.new_output("display_data", data=bundle)]
    assert A.read_answers(nb)[0]["q1"] == value  # every digit survives


@pytest.mark.parametrize("value, text", [
    (0.1 + 0.2, "0,3"), (2.0, "2"), (12, "12"), (-0.5, "-0,5"), (0.000123456, "0,0001235"),
    (1234567.891, "1\xa0234\xa0567,891"), (1 / 3, "0,3333"), (2 / 3 * 100, "66,6667")])
def test_show_number_keeps_up_to_four_decimals(value, text):
    with language("pl"):
        assert A.show_number(value) == text


@pytest.mark.parametrize("lang, text", [("ar", "1,5 و2,25 و3"), ("pl", "1,5, 2,25 i 3"),
                                        ("en", "1.5, 2.25 and 3")])
def test_lists_are_joined_as_the_language_joins_them(shown, lang, text):
    with language(lang):
        A.answer("q2", [1.5, 2.25, 3.0000000000000004], kind="numbers", size=3)
    assert text in shown[-1]["text/plain"]
    assert shown[-1][A.ANSWER_MIME]["value"] == [1.5, 2.25, 3.0000000000000004]


def test_choices_are_offered_with_or_in_the_language(shown):
    with language("ar"):
        A.answer("q6", "fax", kind="choice", choices=["naive", "seasonal_naive"])
    message = shown[-1]["text/plain"]
    assert "naive أو seasonal_naive" in message and "naive, seasonal" not in message
    with language("pl"):
        A.answer("q6", "fax", kind="choice", choices=["email", "social", "search"])
    assert "email, social lub search" in shown[-1]["text/plain"]


def test_a_wrong_format_names_the_number_in_the_language():
    with language("pl"):
        ok, key, values = A.check_format(2.5000000000000004, "integer")
    assert not ok and values["got"] == "liczba 2,5"
