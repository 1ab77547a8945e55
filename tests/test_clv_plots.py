"""Charts of lesson 04 are titled and labelled in the active language."""

from __future__ import annotations

import pandas as pd
import pytest

import mcourse
from mcourse import crm
from mcourse.clv import BGNBD, cohort_clv, holdout_purchases, plots
from mcourse.clv.simple import retention_sensitivity


@pytest.fixture(scope="module")
def cdnow():
    return (mcourse.load("cdnow_summary").set_index("customer_id"),
            mcourse.load("cdnow_transactions"))


@pytest.mark.parametrize("lang", ["ar", "pl"])
def test_clv_charts_follow_the_language(lang, cdnow):
    summary, tx = cdnow
    mcourse.set_lang(lang)
    model = BGNBD().fit(summary)
    word = {"ar": "للزبون", "pl": "klienta"}[lang]
    fig = plots.plot_retention_sensitivity(retention_sensitivity(100, 0.1), mark=0.7)
    assert word in fig.axes[0].get_title()
    fig = plots.plot_prob_alive(model, T=39)
    assert fig.axes[0].get_ylabel() == mcourse.t("clv.col.prob_alive")
    actual = holdout_purchases(tx, "1997-09-30", "1998-06-30", customers=summary.index)
    fig = plots.plot_holdout_check(model, summary, actual, horizon=39)
    assert "BG/NBD" in fig.axes[0].get_title()
    fig = plots.plot_cohort_clv(cohort_clv(tx, margin_rate=0.3))
    assert fig.axes[0].get_xlabel() == mcourse.t("clv.col.age")


def test_tracking_plot_adds_up(cdnow):
    summary, tx = cdnow
    model = BGNBD().fit(summary)
    start = pd.Timestamp("1997-01-01")
    days = tx[["customer_id", "date"]].drop_duplicates()
    first = days.groupby("customer_id")["date"].transform("min")
    births = (days.groupby("customer_id")["date"].min() - start).dt.days / 7
    repeat = days[days["date"] > first]
    weekly = ((repeat["date"] - start).dt.days // 7 + 1).value_counts().sort_index()
    weekly = weekly.reindex(range(1, 79), fill_value=0)
    fig = plots.plot_tracking(model, births, weekly, calibration_end=39)
    lines = fig.axes[0].get_lines()
    assert lines[0].get_ydata()[-1] == weekly.sum() == 2457 + 1882
    assert lines[1].get_ydata()[38] == pytest.approx(2457, rel=0.03)  # fitted in calibration


def test_labelled_writes_numbers_the_polish_way():
    mcourse.set_lang("pl")
    table = pd.DataFrame({"customers": [1234], "share_value": [0.25]})
    shown = crm.labelled(table, digits=2)
    assert shown.iloc[0].tolist() == ["1\u00a0234", "0,25"]
    assert list(shown.columns) == ["Liczba klientów", "Udział w wartości"]


def _ticks(axis_labels):
    return [label.get_text() for label in axis_labels if label.get_text()]


@pytest.mark.parametrize("lang", ["ar", "pl"])
def test_clv_chart_ticks_and_legends_follow_the_language(lang, cdnow):
    summary, tx = cdnow
    mcourse.set_lang(lang)
    currency = {"ar": "DZD", "pl": "PLN"}[lang]
    unit = {"ar": "دج", "pl": "zł"}[lang]
    fig = plots.plot_retention_sensitivity(retention_sensitivity(3000, 0.1), currency)
    fig.canvas.draw()
    ax = fig.axes[0]
    assert all(text.endswith("%") for text in _ticks(ax.get_xticklabels()))
    assert all(unit in text for text in _ticks(ax.get_yticklabels()))
    fig = plots.plot_cohort_clv(cohort_clv(tx, margin_rate=0.3))
    legend = [text.get_text() for text in fig.axes[0].get_legend().get_texts()]
    january = {"ar": "جانفي 1997", "pl": "styczeń 1997"}[lang]
    assert legend[0] == january and not any("1997-" in text for text in legend)
    fig = plots.plot_prob_alive(BGNBD().fit(summary), T=39)
    fig.canvas.draw()
    assert "20%" in _ticks(fig.axes[0].get_yticklabels())
    fig = plots.plot_tracking(BGNBD().fit(summary), pd.Series([0.0, 1.0]),
                              pd.Series([1000, 1500], index=[1, 2]))
    fig.canvas.draw()
    big = {"ar": "1.000", "pl": "1\u00a0000"}[lang]   # thousands grouped the language's way
    assert big in _ticks(fig.axes[0].get_yticklabels())
