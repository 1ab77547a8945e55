"""The course theme: readable, colour-blind-safe, and with every Arabic and Polish letter."""

from __future__ import annotations

import io
import re
import warnings

import matplotlib as mpl
import matplotlib.pyplot as plt
import pytest

from mcourse import plots, t
from mcourse.i18n import catalogue, set_lang

EMOJI = re.compile("[\u2600-\u27bf\ufe0f\U0001f000-\U0001faff]")


def test_use_theme_sets_palette_font_and_sizes():
    with plots.theme():
        assert mpl.rcParams["axes.prop_cycle"].by_key()["color"] == plots.PALETTE
        assert mpl.rcParams["font.sans-serif"][0] == "DejaVu Sans"
        assert mpl.rcParams["font.size"] >= 12


def test_theme_context_restores_settings():
    before = mpl.rcParams["font.size"]
    with plots.theme():
        pass
    assert mpl.rcParams["font.size"] == before


@pytest.mark.parametrize("lang", ["ar", "pl"])
def test_every_catalogue_message_renders_without_missing_glyphs(lang):
    """Draw every message of the catalogue: matplotlib warns on a missing glyph.
    Emoji (✅ ❌ 📝 in printed messages, never on charts) are left to the browser's fonts."""
    set_lang(lang)
    texts = [EMOJI.sub("", form) for entry in catalogue().values()
             for form in (entry[lang].values() if isinstance(entry[lang], dict) else [entry[lang]])]
    with plots.theme(), warnings.catch_warnings():
        warnings.simplefilter("error")
        fig, ax = plt.subplots()
        plots.label(ax, t("word.sales"), t("word.date"), t("word.count"))
        for i, text in enumerate(texts):
            ax.text(0, i, text.replace("{", "(").replace("}", ")").replace("$", "\\$"))
        fig.savefig(io.BytesIO(), format="png")


def test_label_sets_translated_texts():
    set_lang("pl")
    fig, ax = plt.subplots()
    plots.label(ax, t("word.sales"), t("word.date"), t("word.count"))
    assert (ax.get_title(), ax.get_xlabel(), ax.get_ylabel()) == ("Sprzedaż", "Data", "Liczba")


def _ticks(axis) -> list[str]:
    axis.figure.canvas.draw()
    return [label.get_text() for label in axis.get_ticklabels()]


def _figure(xs, ys):
    fig, ax = plt.subplots()
    ax.plot(xs, ys)
    return fig, ax


def test_label_writes_numbers_in_polish():
    """Existing charts pick up the language's numbers through label(): 0,2 and 20 000."""
    set_lang("pl")
    fig, ax = _figure([0, 1], [0, 25000])
    plots.label(ax, "t", "x", "y")
    assert "0,2" in _ticks(ax.xaxis) and "0.2" not in _ticks(ax.xaxis)
    assert "20\u00a0000" in _ticks(ax.yaxis) and "20000" not in _ticks(ax.yaxis)
    plt.close(fig)


def test_label_writes_numbers_in_arabic():
    set_lang("ar")
    fig, ax = _figure([0, 1], [0, 25000])
    plots.label(ax, "t", "x", "y")
    assert "0,2" in _ticks(ax.xaxis)
    assert "20.000" in _ticks(ax.yaxis)
    plt.close(fig)


def test_ticks_follow_the_language_at_drawing_time():
    set_lang("pl")
    fig, ax = _figure([0, 1], [0, 25000])
    plots.localize_axes(ax, y="number")
    assert "20\u00a0000" in _ticks(ax.yaxis)
    set_lang("ar")
    assert "20.000" in _ticks(ax.yaxis)
    plt.close(fig)


def test_label_leaves_dates_and_chosen_formatters_alone():
    """label() before plotting dates: matplotlib's date formatter still takes over; a
    formatter the chart set itself is kept."""
    import pandas as pd

    set_lang("pl")
    fig, ax = plt.subplots()
    plots.label(ax, "t")
    ax.plot(pd.date_range("2024-01-01", periods=3, freq="MS"), [1, 2, 3])
    assert not isinstance(ax.xaxis.get_major_formatter(), plots.LocalFormatter)
    percent = mpl.ticker.PercentFormatter(1.0)
    ax.yaxis.set_major_formatter(percent)
    plots.label(ax, "t")
    assert ax.yaxis.get_major_formatter() is percent
    plt.close(fig)


def test_percent_money_and_month_ticks():
    import pandas as pd

    set_lang("pl")
    fig, ax = _figure([0, 1], [0, 0.5])
    plots.localize_axes(fig, y="percent")
    assert {"0%", "20%", "40%"} <= set(_ticks(ax.yaxis))
    plt.close(fig)

    fig, ax = _figure([0, 1], [0, 5000])
    plots.localize_axes(ax, y="money")
    assert "5\u00a0000\u00a0zł" in _ticks(ax.yaxis)
    set_lang("ar")
    assert "5.000\u00a0دج" in _ticks(ax.yaxis)
    plt.close(fig)

    months = pd.date_range("2024-01-01", periods=3, freq="MS")
    fig, ax = _figure(months, [1, 2, 3])
    plots.localize_axes(ax, x="month")
    assert _ticks(ax.xaxis)[:3] == ["جانفي 2024", "فيفري 2024", "مارس 2024"]
    set_lang("pl")
    assert _ticks(ax.xaxis)[:3] == ["styczeń 2024", "luty 2024", "marzec 2024"]
    plt.close(fig)


def test_month_ticks_on_a_long_span_stay_few_and_named():
    import pandas as pd

    set_lang("pl")
    fig, ax = _figure(pd.date_range("2020-01-01", periods=60, freq="MS"), range(60))
    plots.localize_axes(ax, x="month")
    ticks = _ticks(ax.xaxis)
    assert len(ticks) <= 10 and all(t.split()[0].isalpha() for t in ticks), ticks
    plt.close(fig)


def test_cohort_categories_and_legends_by_month_name():
    set_lang("ar")
    fig, ax = plt.subplots()
    ax.bar(["2023-07", "2023-08"], [0.2, 0.5], label="2023-07")
    ax.legend()
    plots.localize_axes(ax, x="month", y="percent", legend="month")
    assert _ticks(ax.xaxis) == ["جويلية 2023", "أوت 2023"]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["جويلية 2023"]
    assert "50%" in _ticks(ax.yaxis)
    plt.close(fig)

    fig, ax = plt.subplots()  # a heatmap labelled by hand
    ax.imshow([[1, 2], [3, 4]])
    ax.set_yticks([0, 1], ["2023-07", "2023-08"])
    plots.localize_axes(ax, y="month")
    assert _ticks(ax.yaxis) == ["جويلية 2023", "أوت 2023"]
    plt.close(fig)


def test_unknown_tick_kind_is_an_error():
    with pytest.raises(ValueError, match="tick kind"):
        plots.LocalFormatter("dollars")


def test_percentages_in_arabic_chart_text_are_isolated():
    import matplotlib.pyplot as plt

    from mcourse import language
    from mcourse.plots import isolate_numbers, label

    assert isolate_numbers("95% CI") == "95% CI"                    # no Arabic: unchanged
    once = isolate_numbers("مجال الثقة 95%")
    assert once == "مجال الثقة \u206695%\u2069" and isolate_numbers(once) == once
    with language("ar"):
        fig, ax = plt.subplots()
        ax.plot([0, 1], [0, 1], label="التقدير 95%")
        ax.legend()
        label(ax, "العنوان 5%", "المحور 12,5 %", None)
        assert ax.get_title() == "العنوان \u20665%\u2069"
        assert ax.get_xlabel() == "المحور \u206612,5 %\u2069"
        assert ax.get_legend().get_texts()[0].get_text() == "التقدير \u206695%\u2069"
        plt.close(fig)
