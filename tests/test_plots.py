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
    texts = [EMOJI.sub("", entry[lang]) for entry in catalogue().values()]
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
