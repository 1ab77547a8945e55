"""Every chart is titled and labelled in the active language."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from mcourse import language  # noqa: E402
from mcourse.timeseries import (  # noqa: E402
    decompose,
    elec_equip,
    naive,
    plot_acf_pacf,
    plot_decomposition,
    plot_forecast,
    plot_moving_averages,
    plot_ranking,
    plot_series,
    ranking,
    rolling_origin,
    seasonal_naive,
    shade,
)


def arabic(text):
    return any("\u0600" <= ch <= "\u06ff" for ch in text)


@pytest.fixture(scope="module")
def y():
    return elec_equip()


def titles(fig):
    texts = [ax.get_title() for ax in fig.axes] + [ax.get_xlabel() for ax in fig.axes]
    texts += [ax.get_ylabel() for ax in fig.axes]
    if fig._suptitle is not None:
        texts.append(fig._suptitle.get_text())
    return [t for t in texts if t]


@pytest.mark.parametrize("lang", ["ar", "pl"])
def test_charts_speak_the_language(y, lang):
    with language(lang):
        figures = [
            plot_series(y),
            plot_moving_averages(y, windows=(12,)),
            plot_decomposition(decompose(y)),
            plot_acf_pacf(y, lags=24),
            plot_forecast(y.iloc[:-12], seasonal_naive(y.iloc[:-12], 12), actual=y.iloc[-12:],
                          last=36),
            plot_ranking(ranking(rolling_origin(y, {"naive": naive}, horizon=3, n_origins=2))),
        ]
        for fig in figures:
            texts = titles(fig)
            assert texts, "a chart without title or labels"
            if lang == "ar":
                assert any(arabic(t) for t in texts)
            else:
                assert not any(arabic(t) for t in texts)
                fig.canvas.draw()
                ticks = [t.get_text() for ax in fig.axes for t in ax.get_xticklabels()]
                assert not any(arabic(t) for t in ticks)


def test_forecast_chart_has_interval_and_legend(y):
    with language("pl"):
        fig = plot_forecast(y.iloc[:-6], naive(y.iloc[:-6], 6, level=0.8))
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert any("80" in t and "predykcji" in t for t in legend)
    assert fig.axes[0].get_title().startswith("Prognoza")


def test_shade_draws_one_band_per_run():
    fig = plot_series(pd.Series(np.ones(60), index=pd.date_range("2024-03-01", periods=60)))
    days = pd.date_range("2024-03-11", "2024-04-09").append(pd.date_range("2024-04-20", periods=3))
    shade(fig.axes[0], days, text="Ramadan")
    assert len(fig.axes[0].patches) == 2
