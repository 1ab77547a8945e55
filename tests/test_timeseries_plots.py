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


def visible_tick_labels(ax):
    """Tick labels inside the axis limits (matplotlib also keeps ticks just outside)."""
    ax.figure.canvas.draw()
    low, high = sorted(ax.get_xlim())
    return [(tick.get_position()[0], tick.get_text()) for tick in ax.get_xticklabels()
            if low <= tick.get_position()[0] <= high]


@pytest.mark.parametrize("start, end", [("2020-01-01", "2024-12-31"),
                                        ("2021-01-01", "2024-03-31"),
                                        ("2019-05-01", "2023-02-01")])
@pytest.mark.parametrize("lang", ["ar", "pl"])
def test_long_daily_series_show_each_year_once(start, end, lang):
    days = pd.date_range(start, end, freq="D")
    y = pd.Series(np.arange(len(days), dtype=float), index=days, name="sales")
    with language(lang):
        ticks = visible_tick_labels(plot_series(y).axes[0])
    labels = [text for _, text in ticks]
    assert len(labels) >= 3 and len(labels) == len(set(labels)), labels
    assert all(text.isdigit() and len(text) == 4 for text in labels), labels
    import matplotlib.dates as mdates

    assert all(mdates.num2date(x).strftime("%m-%d") == "01-01" for x, _ in ticks)


def test_short_series_keep_month_names():
    days = pd.date_range("2023-01-01", "2024-06-30", freq="D")
    with language("pl"):
        ticks = visible_tick_labels(plot_series(pd.Series(1.0, index=days)).axes[0])
    labels = [text for _, text in ticks]
    assert len(labels) == len(set(labels)) and any("sty" in text for text in labels), labels


@pytest.mark.parametrize("lags", [3, 20, 24])
def test_acf_lags_are_whole_numbers(y, lags):
    fig = plot_acf_pacf(y, lags=lags)
    for ax in fig.axes:
        positions = [x for x, _ in visible_tick_labels(ax)]
        assert len(positions) >= 3
        assert all(float(x).is_integer() for x in positions), positions


def _band(ax):
    """Lowest and highest y of the shaded band of a statsmodels ACF/PACF chart."""
    shaded = [c for c in ax.collections if "PolyCollection" in type(c).__name__]
    assert len(shaded) == 1
    heights = shaded[0].get_paths()[0].vertices[:, 1]
    return heights.min(), heights.max()


@pytest.mark.parametrize("level", [0.95, 0.8])
def test_acf_band_is_the_white_noise_acceptance_band(y, level):
    """Both panels shade ±z/√n, the same at every lag (no widening Bartlett band)."""
    from mcourse.timeseries.frames import z_value
    from mcourse.timeseries.plots import acf_band

    fig = plot_acf_pacf(y, lags=24, level=level)
    half = z_value(level) / np.sqrt(len(y))
    assert acf_band(len(y), level) == pytest.approx(half)
    for ax in fig.axes:
        low, high = _band(ax)
        assert low == pytest.approx(-half) and high == pytest.approx(half)


def test_white_noise_crosses_the_band_at_about_one_lag_in_twenty():
    """What the lesson says about the band: a chance crossing is expected ~5 % of the time."""
    from statsmodels.tsa.stattools import acf

    from mcourse.timeseries.plots import acf_band

    rng = np.random.default_rng(20)
    n, lags, series = 200, 20, 300
    crossings = [np.abs(acf(rng.normal(size=n), nlags=lags)[1:]) > acf_band(n)
                 for _ in range(series)]
    share = float(np.mean(crossings))
    assert 0.035 < share < 0.065, share


def _tick_texts(fig, axis="y"):
    fig.canvas.draw()
    return [t.get_text() for ax in fig.axes
            for t in getattr(ax, f"get_{axis}ticklabels")() if t.get_text()]


@pytest.mark.parametrize("lang", ["pl", "ar"])
def test_number_ticks_follow_the_language(y, lang):
    """Decimal comma on every numeric axis: ACF (±0,5), decomposition panels, forecasts."""
    with language(lang):
        charts = [plot_acf_pacf(y, lags=24), plot_decomposition(decompose(y)),
                  plot_forecast(y.iloc[:-12], naive(y.iloc[:-12], 12))]
        for fig in charts:
            ticks = _tick_texts(fig)
            assert ticks
            assert not any("." in text for text in ticks if len(text) < 5), ticks
        decimals = [text for text in _tick_texts(charts[0]) if "," in text]
        assert decimals, "the ACF axis shows decimals such as 0,5"


def test_big_numbers_are_grouped_on_the_axis():
    days = pd.date_range("2024-01-01", periods=30, freq="D")
    big = pd.Series(np.linspace(10_000, 60_000, 30), index=days, name="sales")
    with language("pl"):
        ticks = _tick_texts(plot_series(big))
    assert any("\u00a0000" in text or " 000" in text for text in ticks), ticks
