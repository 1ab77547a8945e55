"""Transactions → RFM summary: a hand-checked example, the published CDNOW summary, and
bad input that must be refused with the rows named."""

from __future__ import annotations

import pandas as pd
import pytest

import mcourse
from mcourse.clv import BGNBD, GammaGamma, rfm_summary
from mcourse.errors import CourseError


@pytest.fixture
def tiny():
    return pd.DataFrame({
        "customer_id": ["A", "A", "A", "A", "B"],
        "date": pd.to_datetime(["2024-01-01", "2024-01-01", "2024-01-15", "2024-01-29",
                                "2024-01-08"]),
        "amount": [10.0, 5.0, 20.0, 40.0, 7.0],
    })


def test_summary_by_hand(tiny):
    s = rfm_summary(tiny, observation_end="2024-02-05")
    # A: purchase days 1 Jan (10 + 5 = 15), 15 Jan (20), 29 Jan (40) -> 2 repeat purchases,
    #    last one 4 weeks after the first, observed 5 weeks, repeat average (20 + 40) / 2
    assert s.loc["A"].to_dict() == {"frequency": 2, "recency": 4.0, "T": 5.0,
                                    "monetary_value": 30.0}
    # B: one purchase, observed 4 weeks
    assert s.loc["B"].to_dict() == {"frequency": 0, "recency": 0.0, "T": 4.0,
                                    "monetary_value": 0.0}


def test_summary_in_days_and_without_amounts(tiny):
    s = rfm_summary(tiny, amount=None, observation_end="2024-02-05", unit_days=1)
    assert list(s.columns) == ["frequency", "recency", "T"]
    assert s.loc["A", "recency"] == 28 and s.loc["A", "T"] == 35


def test_default_end_is_last_transaction(tiny):
    s = rfm_summary(tiny)
    assert s.loc["A", "T"] == 4.0  # 1 Jan -> 29 Jan


def test_cdnow_summary_is_reproduced_from_transactions():
    """The published 39-week summary (Fader & Hardie) follows from the raw purchases."""
    tx = mcourse.load("cdnow_transactions")
    published = mcourse.load("cdnow_summary").set_index("customer_id")
    end = pd.Timestamp("1997-09-30")
    s = rfm_summary(tx[tx["date"] <= end], observation_end=end)
    assert len(s) == 2357
    assert (s.index == published.index).all()
    assert (s["frequency"] == published["frequency"]).all()
    for column in ("recency", "T", "monetary_value"):   # published rounded to 2 decimals
        assert (s[column] - published[column]).abs().max() <= 0.0051, column


def test_negative_amounts_name_the_rows(tiny):
    bad = tiny.copy()
    bad.loc[[1, 3], "amount"] = [-5.0, -1.0]
    with pytest.raises(CourseError) as err:
        rfm_summary(bad)
    assert err.value.key == "clv.error.negative_amount"
    assert "1, 3" in str(err.value) and "amount" in str(err.value)


@pytest.mark.parametrize(("lang", "rows", "words"), [
    ("pl", [1], "1 transakcja ma"), ("pl", [1, 3], "2 transakcje mają"),
    ("pl", [0, 1, 2, 3, 4], "5 transakcji ma"),
    ("ar", [1], "عملية واحدة"), ("ar", [1, 3], "عمليتان"), ("ar", [0, 1, 2], "3 عمليات"),
])
def test_error_counts_are_grammatical(tiny, lang, rows, words):
    """The count in an error takes the plural form of the language (CLDR rules)."""
    bad = tiny.copy()
    bad.loc[rows, "amount"] = -1.0
    mcourse.set_lang(lang)
    with pytest.raises(CourseError) as err:
        rfm_summary(bad)
    assert words in str(err.value)


def test_dates_after_the_end_name_the_rows(tiny):
    with pytest.raises(CourseError) as err:
        rfm_summary(tiny, observation_end="2024-01-20")
    assert err.value.key == "clv.error.after_end"
    assert "3" in err.value.values["rows"] and "2024-01-20" in str(err.value)


def test_missing_values_and_columns(tiny):
    holes = tiny.copy()
    holes.loc[2, "date"] = pd.NaT
    with pytest.raises(CourseError) as err:
        rfm_summary(holes)
    assert err.value.key == "clv.error.missing_values" and err.value.values["rows"] == "2"
    with pytest.raises(CourseError) as err:
        rfm_summary(tiny.rename(columns={"amount": "value"}))
    assert err.value.key == "clv.error.missing_columns" and "value" in str(err.value)


def test_customer_with_T_zero_is_refused_by_name(tiny):
    late = pd.concat([tiny, pd.DataFrame({"customer_id": ["C"], "amount": [3.0],
                                          "date": [pd.Timestamp("2024-02-05")]})],
                     ignore_index=True)
    s = rfm_summary(late, observation_end="2024-02-05")
    assert s.loc["C", "T"] == 0
    with pytest.raises(CourseError) as err:
        BGNBD().fit(s)
    assert err.value.key == "clv.error.T_zero" and err.value.values["rows"] == "C"


def test_inconsistent_summaries_are_refused():
    s = pd.DataFrame({"frequency": [1, 0, 2.5], "recency": [3.0, 1.0, 2.0], "T": [2.0, 4.0, 5.0]},
                     index=["p", "q", "r"])
    with pytest.raises(CourseError) as err:
        BGNBD().fit(s)
    assert err.value.key == "clv.error.bad_frequency" and err.value.values["rows"] == "r"
    s.loc["r", "frequency"] = 2
    with pytest.raises(CourseError) as err:
        BGNBD().fit(s)
    assert err.value.key == "clv.error.recency_range" and err.value.values["rows"] == "p"
    s.loc["p", "recency"] = 1.0
    with pytest.raises(CourseError) as err:
        BGNBD().fit(s)
    assert err.value.key == "clv.error.recency_without_repeat" and err.value.values["rows"] == "q"
    m = pd.DataFrame({"frequency": [1, 2], "monetary_value": [10.0, 0.0]}, index=["u", "v"])
    with pytest.raises(CourseError) as err:
        GammaGamma().fit(m)
    assert err.value.key == "clv.error.bad_monetary" and err.value.values["rows"] == "v"


def test_errors_speak_the_active_language(tiny):
    bad = tiny.copy()
    bad.loc[0, "amount"] = -1.0
    mcourse.set_lang("pl")
    with pytest.raises(CourseError, match="ujemną kwotę"):
        rfm_summary(bad)
    mcourse.set_lang("ar")
    with pytest.raises(CourseError, match="سالب"):
        rfm_summary(bad)
