"""The course's data: a catalogue of datasets with cards, a strict reader and simulators.

    from mcourse import data
    data.list_datasets()          # what there is, in the active language
    orders = data.load("market_orders")
    data.card("market_orders")    # what each column means, source, licence, truth

Simulated datasets are rebuilt from their seeds by ``mcourse datasets build``.
"""

from __future__ import annotations

import json

from .catalogue import data_dir, names, read_card
from .reader import example_file, read_csv, try_read_csv

__all__ = ["card", "data_dir", "example_file", "list_datasets", "load", "names", "read_card",
           "read_csv", "true_parameters", "try_read_csv"]


def _in_lang(value, lang: str) -> str:
    if isinstance(value, dict):
        return str(value.get(lang) or value.get("en", ""))
    return "" if value is None else str(value)


def load(name: str):
    """Dataset ``name`` as a DataFrame with the types its card declares (dates as
    datetimes, categories as categoricals); checked against the card on every load."""
    from .catalogue import import_target
    from .schema import apply_schema

    info = read_card(name)
    columns = info["columns"]
    if "loader" in info:
        table = import_target(info["loader"])()
        return apply_schema(table, columns, file=name)
    # The course's own files are UTF-8, comma-separated, with a decimal point: said, not
    # looked for, so a corrupted file fails instead of being read some other way.
    return read_csv(data_dir() / info["file"], encoding="utf-8", sep=",", decimal=".",
                    columns=columns, name=info["file"])


def list_datasets():
    """One row per dataset: name, title, rows, source, licence, in the active language."""
    import pandas as pd

    from ..i18n import get_lang, t

    lang = get_lang()
    rows = []
    for name in names():
        info = read_card(name)
        rows.append({
            t("data.col.name"): name,
            t("data.col.title"): _in_lang(info.get("title"), lang),
            t("data.col.rows"): info.get("rows"),
            t("data.col.kind"): t("data.kind.simulated" if "build" in info else "data.kind.real"),
            t("data.col.licence"): info.get("licence", ""),
        })
    return pd.DataFrame(rows)


def true_parameters(name: str) -> dict | None:
    """The recorded true parameters of a simulated dataset (``<name>.truth.json``), if any."""
    path = data_dir() / f"{name}.truth.json"
    if not path.exists():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


class Card(dict):
    """A data card shown as Markdown in a notebook, in the active language."""

    def _repr_markdown_(self) -> str:
        return self["markdown"]

    def __str__(self) -> str:
        return self["markdown"]

    __repr__ = __str__


def _rows_text(rows) -> str:
    from ..i18n.formatting import fmt_number

    return fmt_number(rows, 0) if isinstance(rows, (int, float)) else str(rows or "")


TRUTH_ROWS = 24
"""How many true parameters a card lists before pointing to ``true_parameters``."""


def _flat(value, path=()):
    """``{"DZ": {"cvr": 0.03}}`` → ``[(("DZ", "cvr"), 0.03)]``: one row per parameter."""
    if isinstance(value, dict):
        return [row for key, item in value.items() for row in _flat(item, (*path, str(key)))]
    return [(path, value)]


def _truth_table(name: str, truth) -> list[str]:
    """The simulation's true parameters as a two-column Markdown table (numbers written
    the language's way), not a JSON block; long ones end with a pointer to the rest."""
    from ..i18n import t
    from ..i18n.formatting import fmt_decimal

    def shown(value):
        if isinstance(value, bool) or value is None:
            return f"`{value}`"
        if isinstance(value, (int, float)):
            return fmt_decimal(value, 4)
        if isinstance(value, list):
            return ", ".join(shown(v) for v in value[:8]) + (" …" if len(value) > 8 else "")
        return str(value)

    rows = _flat(truth)
    out = [f"| {t('data.col.parameter')} | {t('data.col.value')} |", "| --- | --- |"]
    out += [f"| `{' › '.join(path)}` | {shown(value)} |" for path, value in rows[:TRUTH_ROWS]]
    if len(rows) > TRUTH_ROWS:
        out += ["", t("data.card.truth_more", count=len(rows) - TRUTH_ROWS,
                      call=f'mcourse.data.true_parameters("{name}")')]
    return out


def card(name: str) -> Card:
    """The data card of ``name`` in the active language (renders as a table in Jupyter)."""
    from ..i18n import get_lang, t

    info = read_card(name)
    lang = get_lang()
    lines = [f"### {_in_lang(info.get('title'), lang)} (`{name}`)", "",
             _in_lang(info.get("description"), lang), "",
             f"- **{t('data.col.source')}:** {_in_lang(info.get('source'), lang)}",
             f"- **{t('data.col.licence')}:** {info.get('licence', '')}",
             f"- **{t('data.col.rows')}:** {_rows_text(info.get('rows'))}"]
    if info.get("citation"):
        lines.append(f"- **{t('data.col.citation')}:** {info['citation']}")
    lines += ["", f"| {t('data.col.column')} | {t('data.col.type')} | {t('data.col.unit')} "
              f"| {t('data.col.meaning')} |", "| --- | --- | --- | --- |"]
    for column, spec in info["columns"].items():
        kind = t(f"data.type.{spec['type']}") if spec.get("type") else ""
        lines.append(f"| `{column}` | {kind} | {spec.get('unit', '')} "
                     f"| {_in_lang(spec, lang)} |")
    truth = true_parameters(name) or info.get("ground_truth")
    if truth:
        lines += ["", f"**{t('data.col.truth')}:**", ""] + _truth_table(name, truth)
    text = "\n".join(lines)
    if lang == "ar":
        text = f'<div dir="rtl" lang="ar">\n\n{text}\n\n</div>'
    return Card(info, markdown=text)
